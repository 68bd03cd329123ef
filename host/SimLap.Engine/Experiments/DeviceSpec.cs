using System.Globalization;

namespace SimLap.Engine.Experiments;

/// <summary>A parsed <c>device:</c> value.</summary>
/// <param name="Kind">auto, cpu or cuda.</param>
/// <param name="Index">The CUDA device index (0 when not given).</param>
public sealed record DeviceSpec(string Kind, int Index)
{
    /// <summary>Parses auto, cpu, cuda or cuda:N.</summary>
    public static bool TryParse(string text, out DeviceSpec spec)
    {
        spec = new DeviceSpec("auto", 0);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        if (parts.Length == 1 && parts[0] is "auto" or "cpu" or "cuda")
        {
            spec = new DeviceSpec(parts[0], 0);
            return true;
        }

        if (parts.Length == 2 && parts[0] == "cuda" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            spec = new DeviceSpec("cuda", index);
            return true;
        }

        return false;
    }
}
