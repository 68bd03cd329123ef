using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Host.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap report</c>: one self-contained Markdown or HTML file of an experiment's (or one sweep's) results, from a
/// local store or an MLflow server (<see cref="ResultsReport"/>, laid out by <see cref="ReportLayout"/>): the metrics
/// per group (mean ± std, n), a bar chart with error bars per metric, paired differences from a baseline group over the
/// same seeds, and few-shot and corruption-severity curves aggregated over seeds where the runs logged them.
/// </summary>
public sealed class ReportCommand(ILoggerFactory loggers) : Command<ReportCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var uri = TrackingSelection.Uri(settings.TrackingUri, null);
        var runs = RunQuery.Load(uri, settings.Experiment!, logger, null, cancellationToken);
        var request = new ReportRequest(
            RunComparison.ParseBy(settings.By),
            settings.Metric is null ? null : CompareKeys.ParseMetrics(settings.Metric),
            settings.Parent,
            settings.Baseline,
            settings.PairBy,
            FinishedOnly: !settings.All,
            Labels: settings.Labels(),
            Decimals: settings.DecimalsList());
        var report = ResultsReport.Build(settings.Experiment!, runs, request);
        var output = Path.GetFullPath(settings.OutFile);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var blocks = ReportLayout.Blocks(report, DateTime.UtcNow);
        File.WriteAllText(output, settings.IsHtml ? HtmlReport.Render(blocks) : MarkdownReport.Render(blocks, output));
        AnsiConsole.MarkupLine(
            $"Report written to [bold]{Markup.Escape(output)}[/] ({report.Table.Rows.Count} groups, {report.Table.Runs} runs, {report.Table.Metrics.Count} metrics).");
        return ExitCodes.Success;
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

        /// <summary>The baseline group.</summary>
        [CommandOption("--baseline <GROUP>")]
        [Description("The group the others are compared to over the same seeds: its values of the --by keys, comma-separated (e.g. infonce, or infonce,arbitrary).")]
        public string? Baseline { get; set; }

        /// <summary>The key runs are paired by.</summary>
        [CommandOption("--pair-by <KEY>")]
        [Description("The param (or tags.X) that pairs a group's runs with the baseline's (default: seed).")]
        [DefaultValue(PairedComparison.DefaultPairKey)]
        public string PairBy { get; set; } = PairedComparison.DefaultPairKey;

        /// <summary>The report file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The file written (default report.md, or report.html with --format html); a Markdown report's charts are written beside it as <name>-<chart>.png.")]
        public string? Out { get; set; }

        /// <summary>The report's format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("md (default, or when --out ends in .md) or html (when --out ends in .html: one file, the charts embedded).")]
        public string? Format { get; set; }

        /// <summary>The groups' labels, each <c>GROUP=TEXT</c>.</summary>
        [CommandOption("--label <GROUP=TEXT>")]
        [Description("Label a group or a metric in the table (repeatable): the group's --by values comma-separated (or a --metric), '=', the label (e.g. --label 'arbitrary,simlap-gate=SimLAP' --label 'eval/knn/top1=kNN top-1'); with a group label the table has one method column instead of the --by columns.")]
        public string[] Label { get; set; } = [];

        /// <summary>The decimals of the table's numbers.</summary>
        [CommandOption("--decimals <N>")]
        [Description("Decimals of the table's numbers, 0-10 (default 4); comma-separated, one per --metric in order, the last for the rest (e.g. 2,2,2,3).")]
        public string? Decimals { get; set; }

        /// <summary>The parsed <see cref="Decimals"/>; null when not given.</summary>
        public IReadOnlyList<int>? DecimalsList() =>
            Decimals is null ? null : RunComparison.ParseBy(Decimals).Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        /// <summary>Include unfinished runs.</summary>
        [CommandOption("--all")]
        [Description("Include runs that failed, were killed or are still running in the table.")]
        public bool All { get; set; }

        /// <summary>The tracking URI.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The store to read: a folder, file: URI or http(s) MLflow server (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }

        /// <summary>Whether the report is HTML: <c>--format html</c>, or an <c>--out</c> ending in .html without --format.</summary>
        public bool IsHtml => Format is { } format
            ? format.Equals("html", StringComparison.OrdinalIgnoreCase)
            : Out is { } file && (file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase));

        /// <summary>The labels by group (the group's values normalised to <c>a,b</c>; a group labelled twice keeps the last); null for none.</summary>
        public IReadOnlyDictionary<string, string>? Labels() =>
            Label.Length == 0 ? null : Label.Select(l => l.Split('=', 2)).GroupBy(p => string.Join(",", RunComparison.ParseBy(p[0])), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

        /// <summary>The file written.</summary>
        public string OutFile => Out ?? (IsHtml ? "report.html" : "report.md");

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Experiment))
            {
                return ValidationResult.Error("--experiment NAME is required.");
            }

            if (Format?.ToLowerInvariant() is not (null or "md" or "markdown" or "html"))
            {
                return ValidationResult.Error($"--format '{Format}' is not one of md, html.");
            }

            if (Label.FirstOrDefault(l => l.Split('=', 2) is not [{ Length: > 0 } group, { Length: > 0 }] || string.IsNullOrWhiteSpace(group)) is { } bad)
            {
                return ValidationResult.Error($"--label '{bad}' is not GROUP=TEXT: the group's --by values comma-separated, '=', then the label (e.g. --label 'arbitrary,simlap-gate=SimLAP').");
            }

            if (Decimals is not null && (RunComparison.ParseBy(Decimals) is not { Count: > 0 } parts || parts.Any(d => !int.TryParse(d, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n > 10)))
            {
                return ValidationResult.Error($"--decimals '{Decimals}' is not a number from 0 to 10, or a comma-separated list of them (one per --metric, e.g. 2,2,2,3).");
            }

            var extension = Path.GetExtension(OutFile).ToLowerInvariant();
            var allowed = IsHtml ? (string[])[".html", ".htm"] : [".md"];
            return allowed.Contains(extension)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--out '{OutFile}' must end in {string.Join(" or ", allowed)}: the report is {(IsHtml ? "HTML" : "Markdown")} (choose the format with --format md|html).");
        }
    }
}
