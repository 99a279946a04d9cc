#!/usr/bin/env python3
"""Independent load counts with pandas, for cross-checking `retention inspect`.

Usage: load_counts.py online_retail FILE | load_counts.py cdnow FILE
Prints one JSON object with the same keys as `retention inspect --json`.
Definitions follow METRICS.md §0: a return is negative quantity or amount, or an order id
'C' + digit; an order is a distinct (customer, order id), or (customer, day) without order ids.
"""
import json
import sys

import pandas as pd


def online_retail(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    dup = int(df.duplicated(keep="first").sum())
    qty = df["Quantity"].astype(float)
    price = df["UnitPrice"].astype(float)
    amount = qty * price
    ts = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    cust = df["CustomerID"].str.strip()
    ret = (qty < 0) | (amount < 0) | df["InvoiceNo"].str.match(r"^[Cc]\d")
    known = cust != ""
    # the spec's orders: identified customers' purchase invoices; return invoices and customer-less invoices apart
    orders = len(set(zip(cust[known & ~ret], df["InvoiceNo"][known & ~ret])))
    return_invoices = len(set(zip(cust[known & ret], df["InvoiceNo"][known & ret])))
    anonymous = df["InvoiceNo"][~known].nunique()
    return dict(rowsRead=len(df), rowsAccepted=len(df), rowsRejected=0,
                rowsWithoutCustomer=int((cust == "").sum()), duplicateRows=dup,
                customers=int(cust[cust != ""].nunique()), purchaseOrders=orders, returnInvoices=return_invoices,
                invoicesWithoutCustomer=int(anonymous), returnRows=int(ret.sum()),
                firstTimestamp=ts.min().strftime("%Y-%m-%dT%H:%M:%S"),
                lastTimestamp=ts.max().strftime("%Y-%m-%dT%H:%M:%S"),
                netRevenue=round(float(amount.sum()), 2))


def cdnow(path):
    with open(path) as f:
        first = f.readline().split()
    header = not first[1 if len(first) == 4 else 2].isdigit()
    names = (["customer_id", "date", "number_of_cds", "dollar_value"] if len(first) == 4
             else ["customer_id", "sample_id", "date", "number_of_cds", "dollar_value"])
    df = pd.read_csv(path, sep=r"\s+", header=None, names=names, skiprows=1 if header else 0,
                     dtype={"customer_id": str, "sample_id": str, "date": str})
    ts = pd.to_datetime(df["date"], format="%Y%m%d")
    dup = int(df.duplicated(keep="first").sum())
    return dict(rowsRead=len(df), rowsAccepted=len(df), rowsRejected=0, rowsWithoutCustomer=0,
                duplicateRows=dup, customers=int(df["customer_id"].nunique()),
                purchaseOrders=len(set(zip(df["customer_id"][df["dollar_value"] >= 0], ts[df["dollar_value"] >= 0]))),
                returnRows=int((df["dollar_value"] < 0).sum()),
                firstTimestamp=ts.min().strftime("%Y-%m-%dT%H:%M:%S"),
                lastTimestamp=ts.max().strftime("%Y-%m-%dT%H:%M:%S"),
                netRevenue=round(float(df["dollar_value"].sum()), 2))


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"online_retail": online_retail, "cdnow": cdnow}[kind](path)))
