/* A static /bin/true for the fork+exec workload. */
int main(void)
{
    return 0;
}
