#!/usr/bin/env python3
"""The pandas peer for the load benchmark: read_csv + to_datetime on the same file, median of N runs."""
import sys
import time

import pandas as pd


def load(path):
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    return len(df)


if __name__ == "__main__":
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows = load(path)  # warm-up, as the kit's side gets one
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = load(path)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"seconds={times[len(times) // 2]:.3f} rows={rows}")
