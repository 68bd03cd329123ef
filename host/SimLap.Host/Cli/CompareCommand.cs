using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Host.Output;
using SimLap.Host.Reports;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap compare</c>: an experiment's runs grouped by params, with a metric's mean ± standard deviation and the
/// number of runs (seeds) per group, from a local store or an MLflow server; as a table, CSV, Markdown or JSON, and with
/// <c>--plot</c> also as a bar chart with error bars (<see cref="ComparePlot"/>).
/// </summary>
public sealed class CompareCommand(ILoggerFactory loggers) : Command<CompareCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var uri = TrackingSelection.Uri(settings.TrackingUri, null);
        var by = RunComparison.ParseBy(settings.By);
        var runs = RunQuery.Load(uri, settings.Experiment!, logger, settings.Filter, cancellationToken);
        if (settings.Parent is { } parent)
        {
            runs = RunQuery.NestedUnder(runs, parent, settings.Experiment!);
        }

        var metrics = CompareKeys.ParseMetrics(settings.Metric);
        CompareKeys.Check(settings.Experiment!, runs, metrics, by);
        if (metrics.Count > 1)
        {
            return WriteMany(MetricTable.Build(settings.Experiment!, runs, metrics, by, finishedOnly: !settings.All), settings);
        }

        var result = RunComparison.Compare(settings.Experiment!, runs, metrics[0], by, finishedOnly: !settings.All);
        var plot = settings.Plot is null ? null : ComparePlot.Save(result, settings.Plot);
        switch (settings.Format.ToLowerInvariant())
        {
            case "csv":
                Console.Out.Write(Csv(result));
                break;
            case "markdown":
            case "md":
                Console.Out.Write(Markdown(result));
                break;
            case "json":
                Console.Out.WriteLine(Json(result));
                break;
            default:
                WriteTable(result);
                break;
        }

        if (plot is not null)
        {
            // Not on stdout, which may be CSV or JSON for a script.
            Console.Error.WriteLine($"Bar chart written to {plot}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Several metrics side by side: one column (mean ± std) per metric; with --plot, one chart per metric.</summary>
    private static int WriteMany(MetricTable table, Settings settings)
    {
        var plots = settings.Plot is null ? [] : table.Results.Select(r => ComparePlot.Save(r, ComparePlot.PathFor(settings.Plot, r.Metric))).ToList();
        switch (settings.Format.ToLowerInvariant())
        {
            case "csv":
                Console.Out.Write(table.ToCsv());
                break;
            case "markdown":
            case "md":
                Console.Out.Write(table.ToMarkdown());
                break;
            case "json":
                Console.Out.WriteLine(JsonMany(table));
                break;
            default:
                WriteTableMany(table);
                break;
        }

        foreach (var plot in plots)
        {
            Console.Error.WriteLine($"Bar chart written to {plot}");
        }

        return ExitCodes.Success;
    }

    private static void WriteTableMany(MetricTable result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(result.Experiment)} · mean ± std per metric");
        foreach (var header in result.KeyHeaders)
        {
            table.AddColumn(Markup.Escape(header));
        }

        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (var metric in result.Metrics)
        {
            table.AddColumn(new TableColumn(Markup.Escape(metric)).RightAligned());
        }

        foreach (var row in result.Rows)
        {
            table.AddRow([.. result.KeyValues(row).Select(Markup.Escape), row.Runs.ToString(CultureInfo.InvariantCulture), .. row.Cells.Select(c => Markup.Escape(MetricTable.Cell(c, row.Runs)))]);
        }

        TableOutput.Write(table);
        AnsiConsole.MarkupLine(
            $"[grey]{result.Runs} runs compared{(result.Skipped > 0 ? $", {result.Skipped} unfinished runs left out (--all includes them)" : string.Empty)}; std is the sample standard deviation across runs; (n=k) marks a metric fewer runs of the group logged.[/]");
    }

    private static string JsonMany(MetricTable table)
    {
        static double? Finite(double value) => double.IsFinite(value) ? value : null;
        var document = new
        {
            experiment = table.Experiment,
            metrics = table.Metrics,
            by = table.By,
            runs = table.Runs,
            skipped = table.Skipped,
            groups = table.Rows.Select(row => new
            {
                values = table.By.Select((key, i) => (key, value: row.Values[i])).ToDictionary(p => p.key, p => p.value, StringComparer.Ordinal),
                runs = row.Runs,
                metrics = table.Metrics.Select((m, i) => (m, cell: row.Cells[i])).ToDictionary(
                    p => p.m,
                    p => new { count = p.cell.Count, mean = Finite(p.cell.Mean), std = p.cell.StdDev is { } s ? Finite(s) : null, min = Finite(p.cell.Min), max = Finite(p.cell.Max) },
                    StringComparer.Ordinal),
                run_ids = row.Cells[0].RunIds,
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string MeanStd(ComparisonGroup group) => MetricTable.Cell(group, group.Count);

    private static string Number(double value) => MetricTable.Number(value);

    private static string Raw(double value) => MetricTable.Raw(value);

    private static string CsvField(string value) => MetricTable.CsvField(value);

    private static IEnumerable<string> Headers(ComparisonResult result) => result.By.Count == 0 ? ["runs"] : result.By;

    private static IEnumerable<string> Keys(ComparisonResult result, ComparisonGroup group) => result.By.Count == 0 ? ["all"] : group.Values;

    private static void WriteTable(ComparisonResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(result.Experiment)} · {Markup.Escape(result.Metric)}");
        foreach (var header in Headers(result))
        {
            table.AddColumn(Markup.Escape(header));
        }

        table.AddColumn(new TableColumn("n").RightAligned());
        table.AddColumn(new TableColumn("mean ± std").RightAligned());
        table.AddColumn(new TableColumn("min").RightAligned());
        table.AddColumn(new TableColumn("max").RightAligned());
        foreach (var group in result.Groups)
        {
            var cells = Keys(result, group).Select(Markup.Escape).ToList();
            cells.Add(group.Count.ToString(CultureInfo.InvariantCulture) + (group.WithoutMetric > 0 ? $" (+{group.WithoutMetric} without)" : string.Empty));
            cells.Add(MeanStd(group));
            cells.Add(Number(group.Min));
            cells.Add(Number(group.Max));
            table.AddRow(cells.ToArray());
        }

        TableOutput.Write(table);
        AnsiConsole.MarkupLine(
            $"[grey]{result.Runs} runs compared{(result.Skipped > 0 ? $", {result.Skipped} unfinished runs left out (--all includes them)" : string.Empty)}; std is the sample standard deviation across runs.[/]");
    }

    private static string Csv(ComparisonResult result)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Headers(result).Concat(["count", "mean", "std", "min", "max", "without_metric"]).Select(CsvField)).Append('\n');
        foreach (var group in result.Groups)
        {
            text.AppendJoin(
                    ',',
                    Keys(result, group).Select(CsvField).Concat(
                    [
                        group.Count.ToString(CultureInfo.InvariantCulture), Raw(group.Mean), group.StdDev is { } s ? Raw(s) : string.Empty, Raw(group.Min), Raw(group.Max),
                        group.WithoutMetric.ToString(CultureInfo.InvariantCulture),
                    ]))
                .Append('\n');
        }

        return text.ToString();
    }

    private static string Markdown(ComparisonResult result)
    {
        var keys = Headers(result).ToList();
        var rows = result.Groups.Select(g => (IReadOnlyList<string>)[.. Keys(result, g), g.Count.ToString(CultureInfo.InvariantCulture), MeanStd(g)]).ToList();
        return new TextTable([.. keys, "n", "mean ± std"], rows, keys.Count).ToMarkdown();
    }

    private static string Json(ComparisonResult result)
    {
        static double? Finite(double value) => double.IsFinite(value) ? value : null;
        var document = new
        {
            experiment = result.Experiment,
            metric = result.Metric,
            by = result.By,
            runs = result.Runs,
            skipped = result.Skipped,
            groups = result.Groups.Select(g => new
            {
                values = result.By.Select((key, i) => (key, value: g.Values[i])).ToDictionary(p => p.key, p => p.value, StringComparer.Ordinal),
                count = g.Count,
                mean = Finite(g.Mean),
                std = g.StdDev is { } s ? Finite(s) : null,
                min = Finite(g.Min),
                max = Finite(g.Max),
                without_metric = g.WithoutMetric,
                run_ids = g.RunIds,
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Arguments of <c>simlap compare</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The experiment.</summary>
        [CommandOption("--experiment <NAME>")]
        [Description("The experiment whose runs are compared (required).")]
        public string? Experiment { get; set; }

        /// <summary>The metric.</summary>
        [CommandOption("--metric <KEYS>")]
        [Description("The metric(s) compared, comma-separated (eval/knn/top1,eval/linear/top1: one column each), the latest value per run (default: eval/knn/top1).")]
        public string? Metric { get; set; }

        /// <summary>The grouping params.</summary>
        [CommandOption("--by <KEYS>")]
        [Description("Comma-separated params (or tags.X) to group runs by, e.g. loss.type,pairs.type; runs in a group are averaged.")]
        public string? By { get; set; }

        /// <summary>The output format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("table (default), csv, markdown or json.")]
        [DefaultValue("table")]
        public string Format { get; set; } = "table";

        /// <summary>A server-side filter.</summary>
        [CommandOption("--filter <EXPRESSION>")]
        [Description("An MLflow search filter, e.g. \"params.data.type = 'fashion-mnist'\" (MLflow servers only).")]
        public string? Filter { get; set; }

        /// <summary>Only the children of this sweep parent run.</summary>
        [CommandOption("--parent <RUN>")]
        [Description("Compare only the trials of one sweep: the runs nested under this parent run id.")]
        public string? Parent { get; set; }

        /// <summary>Include unfinished runs.</summary>
        [CommandOption("--all")]
        [Description("Include runs that failed, were killed or are still running.")]
        public bool All { get; set; }

        /// <summary>Where to write a bar chart of the groups (PNG).</summary>
        [CommandOption("--plot <FILE>")]
        [Description("Also write a bar chart of the groups to FILE (.png): mean with ± std error bars, one bar per group; with several metrics, one chart each (FILE-<metric>.png).")]
        public string? Plot { get; set; }

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

            if (Plot is not null && !Plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                return ValidationResult.Error($"--plot '{Plot}' must be a .png file: the chart is written as a PNG.");
            }

            return Format.ToLowerInvariant() is "table" or "csv" or "markdown" or "md" or "json"
                ? ValidationResult.Success()
                : ValidationResult.Error($"--format '{Format}' is not one of table, csv, markdown, json.");
        }
    }
}
