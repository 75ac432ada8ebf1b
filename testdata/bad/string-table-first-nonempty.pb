

2x2samples2count2cpu2nanoseconds