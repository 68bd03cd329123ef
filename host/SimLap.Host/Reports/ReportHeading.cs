namespace SimLap.Host.Reports;

/// <summary>A heading of a report.</summary>
/// <param name="Level">1 for the title, 2 for a section, 3 for a subsection.</param>
/// <param name="Text">The heading's text.</param>
public sealed record ReportHeading(int Level, string Text) : ReportBlock;
