/* SysV IPC: a shared memory segment seen by a forked child, semaphores, a message queue, bad inputs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
	char *p = shmat(id, 0, 0);
	printf("shmat ok %d\n", p != (void *)-1);
	strcpy(p, "parent");
	if (fork() == 0) {
		char *q = shmat(id, 0, 0);
		strcpy(q, "child wrote");
		shmdt(q);
		_exit(0);
	}
	wait(0);
	printf("shared: %s\n", p);
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("segsz %zu nattch %lu\n", ds.shm_segsz, (unsigned long)ds.shm_nattch);
	int r = shmdt(p);
	printf("shmdt %d\n", r);
	r = shmdt(p);
	printf("shmdt again %d %s\n", r, r ? strerror(errno) : "");
	r = (int)(long)shmat(id, (void *)0x1001, 0);
	printf("shmat unaligned %d %s\n", r, strerror(errno));
	shmctl(id, IPC_RMID, 0);

	int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	unsigned short v[2] = {3, 4}, w[2];
	semctl(s, 0, SETALL, v);
	struct sembuf op = {1, -2, 0};
	printf("semop %d\n", semop(s, &op, 1));
	semctl(s, 0, GETALL, w);
	printf("vals %d %d getval %d\n", w[0], w[1], semctl(s, 1, GETVAL));
	struct sembuf none = {0, -9, IPC_NOWAIT};
	r = semop(s, &none, 1);
	printf("semop nowait %d %s\n", r, strerror(errno));
	semctl(s, 0, IPC_RMID);

	int m = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct {
		long t;
		char b[32];
	} msg = {5, "hello q"}, got = {0, ""};
	printf("msgsnd %d\n", msgsnd(m, &msg, 8, 0));
	long n = msgrcv(m, &got, 32, 0, 0);
	printf("msgrcv %ld %ld %s\n", n, got.t, got.b);
	n = msgrcv(m, &got, 32, 0, IPC_NOWAIT);
	printf("msgrcv empty %ld %s\n", n, strerror(errno));
	msgctl(m, IPC_RMID, 0);
	return 0;
}
