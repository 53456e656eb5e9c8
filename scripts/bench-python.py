#!/usr/bin/python3
"""The plain-Python yardstick of issue 12: a smaller job than `payout run`, done the obvious way.

Reads the roster CSV, writes one unstyled workbook per township with openpyxl's write-only mode
(12 columns per person), a ledger CSV, and one GBK bank file. No policy, no checks, no audit.

    /usr/bin/python3 scripts/bench-python.py ROSTER.csv OUTDIR   (Debian: apt install python3-openpyxl)
"""
import csv
import os
import sys
from collections import defaultdict

from openpyxl import Workbook

COLUMNS = ["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "出生日期", "户籍性质", "开户银行", "银行账号", "项目", "金额"]


def main(roster: str, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    with open(roster, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        at = {name: i for i, name in enumerate(header)}
        rows = list(reader)
    get = lambda r, name: r[at[name]] if name in at and at[name] < len(r) else ""
    by_township = defaultdict(list)
    for r in rows:
        by_township[get(r, "乡镇")].append(r)
    with open(os.path.join(out, "ledger.csv"), "w", encoding="utf-8-sig", newline="") as ledger, open(
        os.path.join(out, "bank.csv"), "w", encoding="gbk", errors="replace", newline=""
    ) as bank:
        lw = csv.writer(ledger)
        bw = csv.writer(bank)
        lw.writerow(COLUMNS)
        bw.writerow(["户名", "账号", "金额"])
        for township, people in by_township.items():
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("发放表")
            ws.append(COLUMNS)
            for r in people:
                line = [get(r, c) for c in COLUMNS[:10]] + ["奖励扶助", 1080.0]
                ws.append(line)
                lw.writerow(line)
                if get(r, "银行账号"):
                    bw.writerow([get(r, "姓名"), get(r, "银行账号"), "1080.00"])
            wb.save(os.path.join(out, f"{township or '未知'}.xlsx"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
