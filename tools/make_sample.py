"""Build the bundled sample: a fictitious Flemish B2B distributor's ERP export.

The sample must show every feature on realistic data: a whale that creates a
dependency, large customers with thin margins, small customers that order often in
small quantities (cost to serve), churned and new customers (trends), prospects, and
cost drivers on a second sheet. It is generated from a fixed seed so the committed file
can be rebuilt and reviewed: `python tools/make_sample.py`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from openpyxl import Workbook

SEED = 20261122
N_CUSTOMERS = 320
N_PROSPECTS = 14
START = dt.date(2023, 1, 2)
END = dt.date(2025, 12, 19)
OUT = Path(__file__).resolve().parents[1] / "xl_portfolio" / "data" / "sample_portfolio.xlsx"

SURNAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Leclercq", "Hermans",
    "Van Damme", "Verhoeven", "De Vries", "Bakker", "Visser", "Smits", "Vermeulen",
    "Michiels", "Coppens", "Renard", "Lemaire", "Fontaine", "Declercq", "Vandenberghe",
    "Van den Broeck", "Aerts", "Segers", "Desmet", "Bosman", "Kuipers", "Timmermans",
]
TRADES = [
    "Installatiebedrijf", "Bouwonderneming", "Garage", "Schrijnwerkerij", "Elektro",
    "Menuiserie", "Plomberie", "Technics", "Dakwerken", "Sanitair", "Carrosserie",
    "Metaalbouw", "Toitures", "Industrie", "Onderhoud", "Services",
]
FORMS = ["BV", "NV", "BVBA", "SRL", "SA", "VOF", "CommV", ""]
PRODUCT_GROUPS = ["Bevestiging", "Gereedschap", "Elektro", "Sanitair", "Verf", "PBM",
                  "Lijmen & kitten", "Hang- en sluitwerk"]
OWNERS = ["An Claes", "Bart Mertens", "Sophie Lambert", "Koen Wouters", "Nathalie Renard"]


def customer_names(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct fictitious company names in the style of Belgian SMEs."""
    names: set[str] = set()
    while len(names) < n:
        name = f"{rng.choice(TRADES)} {rng.choice(SURNAMES)} {rng.choice(FORMS)}".strip()
        names.add(name)
    return sorted(names)


def build(path: Path = OUT) -> Path:
    """Write the sample workbook (two sheets: invoice lines and cost drivers)."""
    rng = np.random.default_rng(SEED)
    names = customer_names(rng, N_CUSTOMERS + N_PROSPECTS)
    rng.shuffle(names)
    buyers, prospects = names[:N_CUSTOMERS], names[N_CUSTOMERS:]

    # Yearly revenue: heavy-tailed, with one whale at ~12% of the total.
    yearly = np.exp(rng.normal(10.2, 1.15, N_CUSTOMERS))
    yearly[0] = yearly.sum() * 0.14
    # Large customers negotiate discounts: gross margin % falls with size.
    size_rank = yearly.argsort().argsort() / N_CUSTOMERS
    gm_pct = np.clip(0.38 - 0.14 * size_rank + rng.normal(0, 0.04, N_CUSTOMERS), 0.08, 0.5)
    gm_pct[size_rank > 0.93] -= 0.07  # the largest accounts negotiated hard
    # A quarter of the customers are demanding: service, rush orders, returns.
    demanding = rng.random(N_CUSTOMERS) < 0.25
    # Three sizeable accounts whose discounts and service demands ate the margin.
    problem = np.flatnonzero((size_rank > 0.80) & (size_rank < 0.97))[:3]
    gm_pct[problem] = 0.06
    demanding[problem] = True
    # Order frequency: small customers order often in small amounts.
    orders_per_year = np.clip(np.round(yearly ** 0.45 / 8 + rng.gamma(1.5, 3, N_CUSTOMERS)), 2, 150)
    # Demanding customers order small and often: the cost to serve that creeps in unseen.
    orders_per_year = np.where(demanding, np.minimum(orders_per_year * 3, 200), orders_per_year)
    # Small customers get a thinner list-price margin on the odd items they buy.
    gm_pct = np.where(demanding & (size_rank < 0.5), gm_pct * 0.6, gm_pct)
    # Life span: some churn before the last year, some start during it.
    total_days = (END - START).days
    start_offset = np.where(rng.random(N_CUSTOMERS) < 0.12,
                            rng.integers(total_days - 330, total_days - 40, N_CUSTOMERS), 0)
    end_offset = np.where(rng.random(N_CUSTOMERS) < 0.11,
                          rng.integers(200, total_days - 380, N_CUSTOMERS), total_days)
    end_offset = np.maximum(end_offset, start_offset + 60)
    trend = rng.normal(0.03, 0.15, N_CUSTOMERS)  # yearly growth per customer

    products = [(f"ART-{g:02d}{p:03d}", PRODUCT_GROUPS[g]) for g in range(8) for p in range(12)]
    lines: list[tuple] = []
    order_no = 500000
    for i, name in enumerate(buyers):
        span = int(end_offset[i] - start_offset[i])
        n_orders = max(1, int(orders_per_year[i] * span / 365))
        days = np.sort(rng.integers(start_offset[i], end_offset[i] + 1, n_orders))
        order_value = yearly[i] / orders_per_year[i]
        groups_used = rng.choice(8, size=int(rng.integers(1, 9)), replace=False)
        for day in days:
            order_no += 1
            date = START + dt.timedelta(days=int(day))
            if date.weekday() >= 5:
                date -= dt.timedelta(days=date.weekday() - 4)
            years_in = day / 365
            value = order_value * (1 + trend[i]) ** years_in * rng.lognormal(0, 0.35)
            n_lines = int(rng.integers(1, 5))
            shares = rng.dirichlet(np.ones(n_lines))
            for share in shares:
                code, group = products[int(rng.choice(groups_used)) * 12 + int(rng.integers(12))]
                amount = round(float(value * share), 2)
                cost = round(amount * (1 - gm_pct[i]) * rng.normal(1, 0.03), 2)
                qty = int(max(1, round(amount / rng.uniform(8, 60))))
                lines.append((date, f"F{order_no + 2000000}", f"SO{order_no}", name, code, group,
                              qty, amount, cost))
    # A handful of credit notes, as real exports have.
    for _ in range(25):
        src = lines[int(rng.integers(len(lines)))]
        lines.append((src[0] + dt.timedelta(days=9), f"C{int(rng.integers(10**5, 10**6))}",
                      src[2], src[3], src[4], src[5], -src[6], -src[7], -src[8]))
    lines.sort(key=lambda row: (row[0], row[1]))

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Factuurlijnen")
    ws.append(["Factuurdatum", "Factuurnummer", "Ordernummer", "Klant", "Artikel",
               "Productgroep", "Aantal", "Bedrag", "Kostprijs"])
    for row in lines:
        ws.append(row)

    drivers = wb.create_sheet("Klanten")
    drivers.append(["Klant", "Accountmanager", "Leveringen", "Retouren", "Service uren",
                    "Klantbezoeken", "Spoedorders", "DSO", "Klantaandeel", "Groeipotentieel",
                    "Tevredenheid"])
    potentials = ["Hoog", "Middel", "Laag", ""]
    for i, name in enumerate(buyers):
        deliveries = int(orders_per_year[i] * rng.uniform(0.9, 1.6))
        fuss = (12.0 if i in problem else 4.0) if demanding[i] else 1.0
        if end_offset[i] < total_days - 365:  # left before the current year: no activity
            drivers.append([name, OWNERS[i % len(OWNERS)], 0, 0, 0, 1, 0, None, None,
                            None, None])
            continue
        drivers.append([
            name, OWNERS[i % len(OWNERS)], deliveries,
            int(rng.poisson(deliveries * 0.04 * fuss)),
            round(float(rng.gamma(2, (3 + 8 * size_rank[i]) * fuss)), 1),
            int(rng.poisson(2 + 14 * size_rank[i] + 4 * (fuss > 1))),
            int(rng.poisson(orders_per_year[i] * 0.06 * fuss)),
            int(np.clip(rng.normal(45, 18), 10, 140)),
            round(float(np.clip(rng.beta(2, 3), 0.05, 0.98)), 2) if rng.random() < 0.6 else None,
            str(rng.choice(potentials, p=[0.2, 0.3, 0.2, 0.3])) or None,
            int(rng.integers(5, 11)) if rng.random() < 0.7 else None,
        ])
    for name in prospects:
        drivers.append([name, OWNERS[int(rng.integers(5))], None, None, None,
                        int(rng.integers(1, 4)), None, None, None, "Hoog", None])

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    out = build()
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
