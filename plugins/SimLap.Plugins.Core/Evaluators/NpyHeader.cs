namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// The header dict of a <c>.npy</c> file, e.g. <c>{'descr': '|u1', 'fortran_order': False, 'shape': (50000, 32, 32, 3), }</c>:
/// a Python literal with exactly the keys descr (a dtype string), fortran_order (True or False) and shape (a tuple of
/// non-negative integers), parsed strictly.
/// </summary>
/// <param name="Descr">The dtype, e.g. <c>|u1</c> or <c>&lt;i8</c>.</param>
/// <param name="FortranOrder">Whether the data are in Fortran (column-major) order.</param>
/// <param name="Shape">The array's shape (empty for a scalar).</param>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="path"/>.</summary>
    public static NpyHeader Parse(string text, string path)
    {
        var parser = new NpyHeaderParser(text, path);
        var dict = parser.Dict();
        parser.End();
        string[] keys = ["descr", "fortran_order", "shape"];
        if (dict.Count != 3 || keys.Any(k => !dict.ContainsKey(k)))
        {
            throw NpyReader.Error(path, $"the header must have exactly the keys 'descr', 'fortran_order' and 'shape'; found {string.Join(", ", dict.Keys.Select(k => $"'{k}'"))}");
        }

        var descr = dict["descr"] as string ?? throw NpyReader.Error(path, "structured dtypes (a list 'descr') are not supported; 'descr' must be a dtype string such as '|u1'");
        var fortran = dict["fortran_order"] as bool? ?? throw NpyReader.Error(path, "'fortran_order' must be True or False");
        if (dict["shape"] is not List<object> { } dims || dims.Any(d => d is not long))
        {
            throw NpyReader.Error(path, "'shape' must be a tuple of integers");
        }

        var shape = dims.Cast<long>().ToArray();
        if (shape.Any(d => d < 0))
        {
            throw NpyReader.Error(path, $"negative dimension in shape ({string.Join(", ", shape)})");
        }

        return new NpyHeader(descr, fortran, shape);
    }
}
