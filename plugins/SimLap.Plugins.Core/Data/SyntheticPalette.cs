namespace SimLap.Plugins.Core.Data;

/// <summary>The shapes and colours the <c>synthetic</c> data set draws from, in option order.</summary>
internal static class SyntheticPalette
{
    /// <summary>Shape names; index = shape id.</summary>
    public static readonly string[] ShapeNames = ["disk", "square", "triangle", "ring", "cross", "bar"];

    /// <summary>Colour names; index = colour id.</summary>
    public static readonly string[] ColourNames = ["red", "green", "blue", "yellow", "magenta", "cyan", "orange", "white"];

    /// <summary>RGB in [0, 1] of each colour, row-major [colour, channel].</summary>
    public static readonly float[] ColourValues =
    [
        0.90f, 0.10f, 0.10f,
        0.10f, 0.80f, 0.20f,
        0.15f, 0.30f, 0.95f,
        0.95f, 0.85f, 0.10f,
        0.85f, 0.15f, 0.85f,
        0.10f, 0.85f, 0.85f,
        1.00f, 0.55f, 0.05f,
        0.95f, 0.95f, 0.95f,
    ];

    /// <summary>The class name of a label: <c>colour-shape</c>, with label = shape * colours + colour.</summary>
    public static string ClassName(int label, int colours) => $"{ColourNames[label % colours]}-{ShapeNames[label / colours]}";
}
