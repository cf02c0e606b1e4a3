/* Sv57 paging (5 levels): see vm_body.h for what is tested. */
#define SATP_MODE 10
#define VA_BITS 57
#define PT_L2 pt_l2
#include "env.h"
#include "vm_body.h"
