"""Reports: the Decision 766 index and the provincial KPIs (pure formulas in kpis.py)."""
