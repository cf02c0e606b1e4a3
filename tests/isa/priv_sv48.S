/* Sv48 paging (4 levels): see vm_body.h for what is tested. */
#define SATP_MODE 9
#define VA_BITS 48
#define PT_L2 pt_l2
#include "env.h"
#include "vm_body.h"
