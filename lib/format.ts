const integer = new Intl.NumberFormat("en-US");

export const formatCount = (value: number) => integer.format(value);

export const formatRate = (passed: number, total: number) =>
  total === 0 ? "–" : `${((100 * passed) / total).toFixed(1)}%`;
