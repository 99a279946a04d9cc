#!/usr/bin/env python3
"""Independent pandas computation of the core retention metrics on Online Retail, for cross-checking
`retention metrics --period month` and as the speed peer of benchmarks/run.sh metrics.

Usage: metrics_pandas.py FILE [runs]
Prints one JSON object: monthly S/E/N/retained/lost/reactivated and retention, the repeat purchase ratio,
the cohort matrix, the median inter-purchase days (pooled and per-customer), the unit return rate, and
`seconds`: the median time of the metric computation over `runs` runs (loading excluded, as for the kit).

Definitions (METRICS.md, the same as the kit's):
* return line: quantity < 0, amount < 0, or invoice 'C' + digit; returns never make an order;
* order: distinct (customer, invoice) over purchase lines of identified customers; its time is its earliest line;
* window: from the first order's day to the day after the last order, cut to complete calendar months;
* S(k) = customers with an order in month k-1, E(k) = in month k, N(k) = first order ever in month k;
* intervals: days between consecutive distinct order dates of a customer, over all orders.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def load(path):
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str}, keep_default_na=False, na_values=[])
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    return df


def metrics(df):
    cust = df["CustomerID"].str.strip()
    qty = df["Quantity"].astype(float)
    amount = qty * df["UnitPrice"].astype(float)
    ret = (qty < 0) | (amount < 0) | df["InvoiceNo"].str.match(r"^[Cc]\d")
    buy = df[(cust != "") & ~ret].assign(cust=cust)
    orders = buy.groupby(["cust", "InvoiceNo"], sort=False)["InvoiceDate"].min().reset_index()
    orders["day"] = orders["InvoiceDate"].dt.normalize()

    start = orders["day"].min()
    end = orders["day"].max() + pd.Timedelta(days=1)
    first_month = start.to_period("M") if start.day == 1 else start.to_period("M") + 1
    last_month = (end - pd.Timedelta(days=1)).to_period("M")
    if (end.to_period("M") == last_month) and end.day != 1:
        last_month = last_month - 1  # partial last month left out
    months = pd.period_range(first_month, last_month, freq="M")
    window_start, window_end = months[0].start_time, (months[-1] + 1).start_time

    orders["month"] = orders["InvoiceDate"].dt.to_period("M")
    active = orders[["cust", "month"]].drop_duplicates()
    first = orders.groupby("cust")["month"].min()
    by_month = active.groupby("month")["cust"].apply(set).to_dict()
    periods = []
    for m in months:
        prev, cur = by_month.get(m - 1, set()), by_month.get(m, set())
        new = set(first[first == m].index)
        retained = prev & cur
        reactivated = {c for c in cur - prev if first[c] < m - 1}
        s, e, n = len(prev), len(cur), len(new)
        periods.append(dict(start=str(m.start_time.date()), S=s, E=e, N=n, retained=len(retained), lost=len(prev - cur),
                            reactivated=len(reactivated), retentionRate=(e - n) / s if s else None))

    in_window = orders[(orders["InvoiceDate"] >= window_start) & (orders["InvoiceDate"] < window_end)]
    counts = in_window.groupby("cust").size()
    repeat = float((counts >= 2).sum() / len(counts))

    cohort_of = first[(first >= months[0]) & (first <= months[-1])]
    act = active[active["cust"].isin(cohort_of.index)].copy()
    act["cohort"] = act["cust"].map(cohort_of)
    act["offset"] = (act["month"] - act["cohort"]).apply(lambda x: x.n)
    sizes = cohort_of.value_counts()
    cells = act.groupby(["cohort", "offset"])["cust"].nunique()
    matrix = []
    for i, c in enumerate(months):
        size = sizes.get(c, 0)
        matrix.append([cells.get((c, j), 0) / size if size else None for j in range(len(months) - i)])

    days = orders[["cust", "day"]].drop_duplicates().sort_values(["cust", "day"])
    gaps = days.groupby("cust")["day"].diff().dt.days.dropna()
    gap_cust = days.loc[gaps.index, "cust"]
    pooled = float(np.median(gaps))
    per_customer = float(gaps.groupby(gap_cust).median().median())

    t = df["InvoiceDate"]
    w = (t >= window_start) & (t < window_end)
    units_returned = float(qty[w & ret].abs().sum())
    units_sold = float(qty[w & ~ret].abs().sum())

    return dict(windowStart=str(window_start.date()), windowEnd=str(window_end.date()), periods=periods,
                repeatPurchaseRatio=repeat, cohorts=dict(starts=[str(m.start_time.date()) for m in months],
                                                         sizes=[int(sizes.get(m, 0)) for m in months], matrix=matrix),
                pooledMedianDays=pooled, customerMedianDays=per_customer, unitReturnRate=units_returned / units_sold)


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    df = load(path)
    result = metrics(df)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        metrics(df)
        times.append(time.perf_counter() - t0)
    result["seconds"] = sorted(times)[len(times) // 2]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
