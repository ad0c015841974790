namespace Bench.Runner.Model;

/// <summary>One point of fortio's DurationHistogram.Percentiles: the percentile and its value in seconds.</summary>
public readonly record struct Percentile(double Rank, double Seconds);
