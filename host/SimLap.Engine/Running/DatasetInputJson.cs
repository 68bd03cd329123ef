using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SimLap.Contracts.Data;

namespace SimLap.Engine.Running;

/// <summary>
/// The JSON texts of a data set input, formatted as MLflow's Python client writes them (<c>json.dumps</c>: <c>", "</c>
/// and <c>": "</c> separators): the source (<c>{"uri": ...}</c> for a folder, <c>{"url": ...}</c> for a URL,
/// <c>{"tags": {...}}</c> for generated data, what MLflow's dataset sources read back), the schema (MLflow's
/// <c>mlflow_tensorspec</c>: images uint8 [-1, C, H, W], labels int64 [-1]) and the profile (rows, classes, rows per split).
/// </summary>
public static class DatasetInputJson
{
    private static readonly JsonSerializerOptions RelaxedEscaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The source of <paramref name="description"/>.</summary>
    public static string Source(DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.SourceType switch
        {
            "local" => Object(("uri", Text(description.Source))),
            "http" => Object(("url", Text(description.Source))),
            _ => Object(("tags", Object(("simlap.dataset", Text(description.Source))))),
        };
    }

    /// <summary>The schema of images shaped as <paramref name="info"/> says, with labels when <paramref name="labelled"/>.</summary>
    public static string Schema(DatasetInfo info, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(info);
        var features = Tensor("uint8", [-1, info.Channels, info.Height, info.Width]);
        var targets = labelled ? Text(Tensor("int64", [-1])) : "null";
        return Object(("mlflow_tensorspec", Object(("features", Text(features)), ("targets", targets))));
    }

    /// <summary>The profile: the rows of all splits, the number of classes and the rows of each split.</summary>
    public static string Profile(IReadOnlyList<(string Split, long Rows)> splits, int classes)
    {
        ArgumentNullException.ThrowIfNull(splits);
        var perSplit = Object([.. splits.Select(s => (s.Split, Number(s.Rows)))]);
        return Object(("num_rows", Number(splits.Sum(s => s.Rows))), ("num_classes", Number(classes)), ("splits", perSplit));
    }

    private static string Tensor(string dtype, long[] shape)
    {
        var spec = Object(("dtype", Text(dtype)), ("shape", "[" + string.Join(", ", shape.Select(Number)) + "]"));
        return "[" + Object(("type", Text("tensor")), ("tensor-spec", spec)) + "]";
    }

    private static string Object(params (string Key, string Json)[] members) =>
        "{" + string.Join(", ", members.Select(m => Text(m.Key) + ": " + m.Json)) + "}";

    // Quotes as \" (not \u0022): the text is JSON inside JSON, never HTML, so the relaxed escaping reads like Python's.
    private static string Text(string value) => JsonSerializer.Serialize(value, RelaxedEscaping);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
