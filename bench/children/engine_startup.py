"""Child of bench/engines.py: one cold start of a distributed engine, timed from nothing.

Imports the engine, starts a local cluster of 2 worker processes, gets one task back and
shuts down; prints the four durations (import, cluster up, first task, shutdown) in
seconds. Nothing else is imported first, so the import time is the engine's own.

    python -m bench.children.engine_startup dask|ray
"""
import sys
import time


def dask() -> list[float]:
    t0 = time.perf_counter()
    import logging

    import dask.distributed as dd
    t1 = time.perf_counter()
    c = dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=logging.ERROR)
    cl = dd.Client(c)
    cl.wait_for_workers(2)
    t2 = time.perf_counter()
    assert cl.submit(sum, [1, 2]).result() == 3
    t3 = time.perf_counter()
    cl.close()
    c.close()
    return [t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3]


def ray() -> list[float]:
    t0 = time.perf_counter()
    import ray
    t1 = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    t2 = time.perf_counter()
    add = ray.remote(lambda xs: sum(xs))
    assert ray.get(add.remote([1, 2])) == 3
    t3 = time.perf_counter()
    ray.shutdown()
    return [t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3]


if __name__ == "__main__":
    print(*{"dask": dask, "ray": ray}[sys.argv[1]]())
