/* The pauth scenario's instruction functions. */
#include "../pauth/guest_pac.S"
