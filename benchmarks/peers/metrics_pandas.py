#!/usr/bin/env python3
"""Independent pandas computation of the core retention metrics on Online Retail, for cross-checking
`retention metrics --period month` and as the speed peer of benchmarks/run.sh metrics.

Usage: metrics_pandas.py FILE [runs]
Prints one JSON object: monthly S/E/N/retained/lost/reactivated and retention, the repeat purchase ratio,
the cohort matrix, the median inter-purchase days (pooled and per-customer), the unit return rate, and
`seconds`: the median time of the metric computation over `runs` runs (loading excluded, as for the kit).

Definitions (METRICS.md, the same as the kit's):
* return line: quantity < 0, amount < 0, or invoice 'C' + digit; returns never make an order;
* order: distinct (customer, invoice) over purchase lines of identified customers, leaving out sales cancelled within
  24 hours (see below); its time is its earliest line;
* window: from the first order's day to the day after the last order, cut to complete calendar months;
* compared months: those whose previous month is fully observed too (so not the first complete month, which is the
  base of the first comparison); S(k) = customers with an order in month k-1, E(k) = in month k, N(k) = first order ever in k;
* cohorts: customers whose first order falls in a compared month;
* unit return rate: product returns over product sales, where non-product codes (postage, fees, manual, ...), stock
  adjustments (return lines with no customer and no 'C' invoice) and cancellations (a return of the same customer,
  product and quantity within 24 hours of a sale, with that sale) are left out;
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
    kind = line_kinds(df, cust, qty, ret)
    # a sale cancelled within 24 hours never happened: it is not an order
    buy = df[(cust != "") & ~ret & (kind != "cancelled")].assign(cust=cust)
    orders = buy.groupby(["cust", "InvoiceNo"], sort=False)["InvoiceDate"].min().reset_index()
    orders["day"] = orders["InvoiceDate"].dt.normalize()

    start = orders["day"].min()
    end = orders["day"].max() + pd.Timedelta(days=1)
    first_month = start.to_period("M") if start.day == 1 else start.to_period("M") + 1
    last_month = (end - pd.Timedelta(days=1)).to_period("M")
    if (end.to_period("M") == last_month) and end.day != 1:
        last_month = last_month - 1  # partial last month left out
    complete = pd.period_range(first_month, last_month, freq="M")
    window_start, window_end = complete[0].start_time, (complete[-1] + 1).start_time
    months = [m for m in complete if (m - 1).start_time >= start]

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
    units_returned = float(qty[w & (kind == "return")].abs().sum())
    units_sold = float(qty[w & (kind == "sale")].abs().sum())

    return dict(windowStart=str(window_start.date()), windowEnd=str(window_end.date()), periods=periods,
                repeatPurchaseRatio=repeat, cohorts=dict(starts=[str(m.start_time.date()) for m in months],
                                                         sizes=[int(sizes.get(m, 0)) for m in months], matrix=matrix),
                pooledMedianDays=pooled, customerMedianDays=per_customer, unitReturnRate=units_returned / units_sold)


NON_PRODUCT_CODES = {"POST", "DOT", "C2", "M", "D", "S", "B", "CRUK", "AMAZONFEE", "BANK CHARGES"}
NON_PRODUCT_NAMES = r"(?i)^\s*(dotcom\s+)?postage\s*$|^\s*carriage\s*$|^\s*manual\s*$|^\s*discount\s*$|^\s*samples?\s*$|adjust bad debt|bank charges|amazon fee|commission|gift voucher|^gift_\d"


def line_kinds(df, cust, qty, ret):
    code = df["StockCode"].str.strip()
    # a product's name is its first non-empty description in the file
    desc = df["Description"].fillna("").astype(str).str.strip()
    names = desc[desc != ""].groupby(code[desc != ""]).first()
    bad_codes = {c for c in code.unique() if c.upper() in NON_PRODUCT_CODES or pd.Series([c]).str.contains(NON_PRODUCT_NAMES).iloc[0]
                 or (c in names.index and pd.Series([names[c]]).str.contains(NON_PRODUCT_NAMES).iloc[0])}
    kind = np.where(ret, "return", "sale").astype(object)
    non_product = code.isin(bad_codes).to_numpy()
    kind[non_product] = "nonproduct"
    c_invoice = df["InvoiceNo"].str.match(r"^[Cc]\d").to_numpy()
    stock = ret.to_numpy() & ~non_product & (cust == "").to_numpy() & ~c_invoice
    kind[stock] = "stock"
    size = qty.abs()
    r_idx = np.flatnonzero((kind == "return") & (cust != "").to_numpy() & (code != "").to_numpy())
    keys = set(zip(cust.iloc[r_idx], code.iloc[r_idx], size.iloc[r_idx]))
    s_idx = np.flatnonzero((kind == "sale") & (cust != "").to_numpy())
    sales = {}
    for i in s_idx:
        k = (cust.iat[i], code.iat[i], size.iat[i])
        if k in keys:
            sales.setdefault(k, []).append(i)
    times = df["InvoiceDate"].to_numpy()
    for k in sales:
        sales[k].sort(key=lambda i: times[i])
    window = np.timedelta64(24, "h")
    for r in sorted(r_idx, key=lambda i: times[i]):
        for s in reversed(sales.get((cust.iat[r], code.iat[r], size.iat[r]), [])):
            gap = times[r] - times[s]
            if gap < np.timedelta64(0, "s"):
                continue
            if gap > window:
                break
            if kind[s] != "sale":
                continue
            kind[s] = "cancelled"
            kind[r] = "cancellation"
            break
    return kind


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
