/**
 * Validation of a CronJob schedule as the Kubernetes CronJob controller parses it (robfig/cron standard
 * parser: five fields, `*`, `?` in day fields, lists, ranges, steps, month and weekday names, and the
 * `@yearly` ... `@hourly` descriptors). `TZ=` / `CRON_TZ=` prefixes are refused by the API server since
 * Kubernetes 1.27: the zone belongs in `timeZone`.
 */

const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Why `expr` is not a schedule the CronJob controller accepts, or undefined when it is. */
export function cronProblem(expr: string): string | undefined {
  if (typeof expr !== 'string') return 'the schedule is not a string';
  const s = expr.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'a TZ= or CRON_TZ= prefix is not allowed in spec.schedule (set timeZone instead)';
  if (s.startsWith('@')) {
    return DESCRIPTORS.includes(s.toLowerCase()) ? undefined : `"${s}" is not one of ${DESCRIPTORS.join(', ')}`;
  }
  const parts = s.split(/[ \t]+/);
  if (parts.length !== 5) return `it has ${parts.length} field(s); a schedule has 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i], i === 2 || i === 4);
    if (problem) return `${FIELDS[i].name} "${parts[i]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(field: string, f: { min: number; max: number; names?: string[] }, questionMark: boolean): string | undefined {
  for (const item of field.split(',')) {
    if (item === '') return 'empty list item';
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0) return `"${item}" has more than one "/"`;
    if (step !== undefined && !/^[0-9]+$/.test(step)) return `step "${step}" is not a number`;
    if (step !== undefined && Number(step) < 1) return 'a step must be at least 1';
    if (range === '*' || (questionMark && range === '?')) continue;
    const ends = range.split('-');
    if (ends.length > 2) return `"${range}" is not a value or a range`;
    const values = ends.map(e => value(e, f));
    for (let j = 0; j < values.length; j++) {
      if (values[j] === undefined) return `"${ends[j]}" is not a value from ${f.min} to ${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" runs backwards`;
  }
  return undefined;
}

function value(token: string, f: { min: number; max: number; names?: string[] }): number | undefined {
  const byName = f.names?.indexOf(token.toUpperCase()) ?? -1;
  if (byName >= 0) return byName + f.min;
  if (!/^[0-9]+$/.test(token)) return undefined;
  const n = Number(token);
  // robfig/cron accepts 7 as Sunday in day of week.
  const max = f.names && f.min === 0 ? 7 : f.max;
  return n >= f.min && n <= max ? n : undefined;
}

/** Why `zone` is not an IANA time zone name the controller can load, or undefined when it is. */
export function timeZoneProblem(zone: string): string | undefined {
  if (typeof zone !== 'string' || zone === '' || zone.trim() !== zone) return 'not a time zone name';
  if (zone.toLowerCase() === 'local') return '"Local" is not allowed (the controller would use its own zone)';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return 'not an IANA time zone name';
  }
  // Intl also accepts offsets ("+01:00"), which the Go time zone database does not know.
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(zone)) return 'not an IANA time zone name (offsets are not zones)';
  return undefined;
}
