using OxyPlot;

namespace SimLap.Host.Reports;

/// <summary>A chart of a report: written beside a Markdown report as <c>&lt;report&gt;-&lt;Name&gt;.png</c>, embedded in an HTML one.</summary>
/// <param name="Name">The chart's file-name part (a slug).</param>
/// <param name="Caption">What the chart shows (the image's alternative text).</param>
/// <param name="Model">The chart.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record ReportChart(string Name, string Caption, PlotModel Model, int Width, int Height) : ReportBlock;
