using SimLap.Engine.Compare;

namespace SimLap.Host.Reports;

/// <summary>A table of a report.</summary>
/// <param name="Table">The cells.</param>
public sealed record ReportTable(TextTable Table) : ReportBlock;
