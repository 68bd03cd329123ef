using System.Globalization;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>
/// Reads a C x C class-distance matrix from a CSV file: one row per line, numbers separated by commas, blank lines
/// ignored, and a first row ignored when it is not all numbers (a header). Distances must be finite and non-negative.
/// </summary>
internal static class ClassDistances
{
    /// <summary>Reads <paramref name="path"/> and checks it is <paramref name="classes"/> x <paramref name="classes"/>.</summary>
    public static double[,] Read(string path, int classes)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InvalidOperationException($"The class-distance file '{path}' does not exist (looked for '{fullPath}').");
        }

        var lines = File.ReadAllLines(fullPath)
            .Select((text, index) => (Cells: text.Split(',').Select(c => c.Trim()).ToArray(), Line: index + 1))
            .Where(row => row.Cells.Any(c => c.Length > 0))
            .ToList();
        if (lines.Count > 0 && lines[0].Cells.Any(c => !IsNumber(c)))
        {
            lines.RemoveAt(0);
        }

        var columns = lines.Count == 0 ? 0 : lines.Max(row => row.Cells.Length);
        if (lines.Count != classes || lines.Any(row => row.Cells.Length != classes))
        {
            throw new InvalidOperationException(
                $"The class-distance file '{path}' must hold a {classes}x{classes} matrix; found {lines.Count}x{columns}, the data set has {classes} classes.");
        }

        var distances = new double[classes, classes];
        for (var row = 0; row < classes; row++)
        {
            for (var column = 0; column < classes; column++)
            {
                var cell = lines[row].Cells[column];
                if (!IsNumber(cell) || !double.IsFinite(Parse(cell)))
                {
                    throw new InvalidOperationException(
                        $"The class-distance file '{path}' has '{cell}' at row {row + 1}, column {column + 1} (line {lines[row].Line}); distances must be finite numbers.");
                }

                var value = Parse(cell);
                if (value < 0)
                {
                    throw new InvalidOperationException(
                        $"The class-distance file '{path}' has the negative distance {cell} at row {row + 1}, column {column + 1} (line {lines[row].Line}); distances must be at least 0.");
                }

                distances[row, column] = value;
            }
        }

        return distances;
    }

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double Parse(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
