using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Engine.Training;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap report</c>: one self-contained Markdown file of an experiment's (or one sweep's) results, from a local
/// store or an MLflow server: the table of the metrics per group (mean ± std, n), a bar chart with error bars per
/// metric, and few-shot and corruption-severity curves aggregated over seeds where the runs logged them. The PNGs are
/// written beside the report and linked by relative paths.
/// </summary>
public sealed class ReportCommand(ILoggerFactory loggers) : Command<ReportCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var uri = TrackingSelection.Uri(settings.TrackingUri, null);
        var runs = RunQuery.Load(uri, settings.Experiment!, logger, null, cancellationToken);
        if (settings.Parent is { } parent)
        {
            runs = runs.Where(r => r.Tags.GetValueOrDefault("mlflow.parentRunId") == parent).ToList();
            if (runs.Count == 0)
            {
                throw new ConfigurationException($"--parent {parent}: the experiment '{settings.Experiment}' has no runs nested under that run (tag mlflow.parentRunId).");
            }
        }

        var by = RunComparison.ParseBy(settings.By);
        var metrics = settings.Metric is null ? DefaultMetrics(runs) : CompareKeys.ParseMetrics(settings.Metric);
        CompareKeys.Check(settings.Experiment!, runs, metrics, by);
        var output = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var table = MetricTable.Build(settings.Experiment!, runs, metrics, by, finishedOnly: !settings.All);
        var text = Write(table, runs, by, settings, output);
        File.WriteAllText(output, text);
        AnsiConsole.MarkupLine($"Report written to [bold]{Markup.Escape(output)}[/] ({table.Rows.Count} groups, {table.Runs} runs, {metrics.Count} metrics).");
        return ExitCodes.Success;
    }

    /// <summary>Without --metric: the headline eval metrics (not the few-shot and per-severity points, which are drawn as curves).</summary>
    private static List<string> DefaultMetrics(IReadOnlyList<RunRecord> runs)
    {
        var keys = runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal)
            .Where(k => k.StartsWith(MetricNames.EvalPrefix, StringComparison.Ordinal) && !k.StartsWith(MetricNames.EvaluatorPrefix("few-shot"), StringComparison.Ordinal)
                && !(k.StartsWith(MetricNames.EvaluatorPrefix("corruption"), StringComparison.Ordinal) && (k.Count(c => c == '/') > 2 || k.EndsWith("clean_top1", StringComparison.Ordinal))))
            .Order(StringComparer.Ordinal).ToList();
        return keys.Count > 0 ? keys : [RunComparison.DefaultMetric];
    }

    private static string Write(MetricTable table, IReadOnlyList<RunRecord> runs, IReadOnlyList<string> by, Settings settings, string output)
    {
        var folder = Path.GetDirectoryName(output)!;
        var stem = Path.GetFileNameWithoutExtension(output);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {table.Experiment}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{table.Runs} runs{(settings.Parent is null ? string.Empty : $" of sweep {settings.Parent}")}")
            .Append(by.Count == 0 ? ", all in one group" : $", grouped by {string.Join(", ", by.Select(k => $"`{k}`"))}")
            .Append(table.Skipped > 0 ? $"; {table.Skipped} unfinished runs left out" : string.Empty)
            .Append(CultureInfo.InvariantCulture, $". Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `simlap report`.\n\n");
        text.Append("## Results\n\nEach cell is the mean ± sample standard deviation over the group's runs (seeds); n is the number of runs.\n\n");
        text.Append(table.ToMarkdown()).Append('\n');
        foreach (var result in table.Results)
        {
            if (result.Groups.All(g => g.Count == 0))
            {
                continue;
            }

            var png = ComparePlot.Save(result, Path.Combine(folder, $"{stem}-{Slug(result.Metric)}.png"));
            text.Append(CultureInfo.InvariantCulture, $"### {result.Metric}\n\n![{result.Metric}: mean ± std per group]({Path.GetFileName(png)})\n\n");
        }

        Curves(text, "Few-shot", CurveSet.FewShot(runs, by), "shots", folder, stem);
        Curves(text, "Corruption", CurveSet.Corruption(runs, by), "severity", folder, stem);
        return text.ToString();
    }

    private static void Curves(StringBuilder text, string heading, IReadOnlyList<CurveSet> sets, string xName, string folder, string stem)
    {
        foreach (var set in sets)
        {
            var png = CurvePlot.Save(set, Path.Combine(folder, $"{stem}-{Slug(set.Title)}.png"));
            text.Append(CultureInfo.InvariantCulture, $"## {set.Title}\n\n![{heading} curves]({Path.GetFileName(png)})\n\n");
            text.Append(set.ToMarkdown(xName)).Append('\n');
        }
    }

    private static string Slug(string name)
    {
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Trim('-');
    }

    /// <summary>Arguments of <c>simlap report</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The experiment.</summary>
        [CommandOption("--experiment <NAME>")]
        [Description("The experiment whose runs are reported (required).")]
        public string? Experiment { get; set; }

        /// <summary>Only the children of this sweep parent run.</summary>
        [CommandOption("--parent <RUN>")]
        [Description("Report only the trials of one sweep: the runs nested under this parent run id.")]
        public string? Parent { get; set; }

        /// <summary>The grouping params.</summary>
        [CommandOption("--by <KEYS>")]
        [Description("Comma-separated params (or tags.X) to group runs by; runs in a group (seeds) are averaged.")]
        public string? By { get; set; }

        /// <summary>The metrics.</summary>
        [CommandOption("--metric <KEYS>")]
        [Description("Comma-separated metrics for the table and bar charts (default: every eval/ metric the runs logged, few-shot and per-severity points aside).")]
        public string? Metric { get; set; }

        /// <summary>The report file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The Markdown file written (default report.md); the charts are written beside it as <name>-<chart>.png.")]
        [DefaultValue("report.md")]
        public string Out { get; set; } = "report.md";

        /// <summary>Include unfinished runs.</summary>
        [CommandOption("--all")]
        [Description("Include runs that failed, were killed or are still running in the table.")]
        public bool All { get; set; }

        /// <summary>The tracking URI.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The store to read: a folder, file: URI or http(s) MLflow server (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Experiment))
            {
                return ValidationResult.Error("--experiment NAME is required.");
            }

            return Out.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--out '{Out}' must be a .md file: the report is Markdown.");
        }
    }
}
