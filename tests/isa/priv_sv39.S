/* Sv39 paging: see vm_body.h for what is tested. */
#define SATP_MODE 8
#define VA_BITS 39
#define PT_L2 pt_root
#include "env.h"
#include "vm_body.h"
