namespace SimLap.Host.Reports;

/// <summary>A paragraph of a report; text between backticks is code (a param or metric name).</summary>
/// <param name="Text">The paragraph's text.</param>
public sealed record ReportParagraph(string Text) : ReportBlock;
