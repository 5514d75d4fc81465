/* hello.c - the smallest useful program: prints one line and exits. */
#include <stdio.h>

int main(void)
{
    printf("Hello, world! Compiled in a container.\n");
    return 0;
}
