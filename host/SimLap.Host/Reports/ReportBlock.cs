namespace SimLap.Host.Reports;

/// <summary>One block of a results report (a heading, a paragraph, a table or a chart), rendered by <see cref="MarkdownReport"/> or <see cref="HtmlReport"/>.</summary>
public abstract record ReportBlock;
