const integer = new Intl.NumberFormat("en-US");

export const formatCount = (value: number) => integer.format(value);

export const formatRate = (passed: number, total: number) =>
  total === 0 ? "–" : `${((100 * passed) / total).toFixed(1)}%`;

// A coefficient (kappa, a correlation, a mean score difference) to two decimals; "–" where
// it is undefined, as a rate of nothing is.
export const formatCoefficient = (value: number | null) => (value === null ? "–" : value.toFixed(2));

// A moment to the minute, in UTC, so that the server's render and the browser's agree.
export const formatUtcMinute = (moment: string | Date) =>
  `${(typeof moment === "string" ? moment : moment.toISOString()).slice(0, 16).replace("T", " ")} UTC`;
