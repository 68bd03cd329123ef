using System.Text;

namespace SimLap.Tracking;

/// <summary>
/// MLflow's rules for metric, param and tag keys. MLflow accepts alphanumerics, underscores, dashes, periods,
/// spaces and slashes, at most 250 characters, and rejects keys that are not a normalised relative path
/// (<c>..</c>, <c>.</c>, empty segments, a leading or trailing slash). Instead of failing a run over a key, every
/// other character becomes <c>_</c> and the path is normalised.
/// </summary>
public static class MlflowKeys
{
    /// <summary>The experiment tag MLflow 3's UI reads to choose an experiment's view (GenAI when absent).</summary>
    public const string ExperimentKindTag = "mlflow.experimentKind";

    /// <summary>The <see cref="ExperimentKindTag"/> value of MLflow 3's "Model training" (classic ML) view.</summary>
    public const string ModelTrainingKind = "custom_model_development";

    /// <summary>MLflow's tag naming a nested run's parent (a sweep's trial names its sweep's parent run).</summary>
    public const string ParentRunIdTag = "mlflow.parentRunId";

    /// <summary>MLflow's limit on the length of a key.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>Returns <paramref name="key"/> made acceptable to MLflow (unchanged when it already is).</summary>
    public static string Sanitize(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "_";
        }

        if (IsValid(key))
        {
            return key;
        }

        var chars = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            chars.Append(IsAllowedChar(c) ? c : '_');
        }

        var segments = new List<string>();
        foreach (var segment in chars.ToString().Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            segments.Add(segment == ".." ? "__" : segment);
        }

        var result = string.Join('/', segments);
        if (result.Length > MaxKeyLength)
        {
            result = result[..MaxKeyLength].TrimEnd('/');
            var last = result.LastIndexOf('/');
            var tail = result[(last + 1)..];
            if (tail is "." or "..")
            {
                result = result[..(last + 1)] + new string('_', tail.Length);
            }
        }

        return result.Length == 0 ? "_" : result;
    }

    /// <summary>True when MLflow accepts <paramref name="key"/> as it is.</summary>
    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!IsAllowedChar(c))
            {
                return false;
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Turns an artifact folder (may be empty) into a safe relative path with <c>/</c> separators: empty and
    /// <c>.</c> segments are dropped, <c>..</c> becomes <c>__</c>, so it can never leave the artifacts folder.
    /// </summary>
    public static string SanitizeArtifactPath(string? artifactPath)
    {
        if (string.IsNullOrEmpty(artifactPath))
        {
            return string.Empty;
        }

        var segments = new List<string>();
        foreach (var segment in artifactPath.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            var clean = new StringBuilder(segment.Length);
            foreach (var c in segment)
            {
                clean.Append(char.IsControl(c) ? '_' : c);
            }

            segments.Add(segment == ".." ? "__" : clean.ToString());
        }

        return string.Join('/', segments);
    }

    private static bool IsAllowedChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '/';
}
