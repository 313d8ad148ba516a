import type { ReactNode } from 'react';

/** The follow-up year choice the overview, action plan, indicator and compilation pages share. */
export function YearSelect({ id, label, years, value, onChange }: { id: string; label: ReactNode; years: number[]; value: number; onChange(year: number): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
