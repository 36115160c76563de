// A vector table of UDF instructions: the first exception enters a vector that is itself
// UNDEFINED, which takes the same exception at the same PC again, for ever.
        .section .text
        .balign 2048
        .global storm_vectors
storm_vectors:
        .rept 512
        udf     #0
        .endr
