/* The fuzz guest of scenarios/fuzz-s2 (probe entries and EL1 vectors), shared. */
#include "../fuzz-s2/guest_stub.S"
