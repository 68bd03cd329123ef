using System.Globalization;

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
        var parser = new Parser(text, path);
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

    /// <summary>A recursive-descent reader of the Python literals a header holds: dicts, strings, True/False, integers, tuples and lists.</summary>
    private sealed class Parser(string text, string path)
    {
        private int _position;

        public Dictionary<string, object> Dict()
        {
            Expect('{');
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            while (!TryConsume('}'))
            {
                var key = Value() as string ?? throw Fail("dict keys must be strings");
                Expect(':');
                if (!result.TryAdd(key, Value()))
                {
                    throw Fail($"duplicate key '{key}'");
                }

                if (!TryConsume(','))
                {
                    Expect('}');
                    break;
                }
            }

            return result;
        }

        public void End()
        {
            SkipSpace();
            if (_position != text.Length)
            {
                throw Fail("unexpected text after the header dict");
            }
        }

        private object Value()
        {
            SkipSpace();
            if (_position >= text.Length)
            {
                throw Fail("the header ends early");
            }

            var c = text[_position];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, _position + 1);
                if (end < 0)
                {
                    throw Fail("unterminated string");
                }

                var value = text[(_position + 1)..end];
                _position = end + 1;
                return value;
            }

            if (c is '(' or '[')
            {
                var close = c == '(' ? ')' : ']';
                _position++;
                var items = new List<object>();
                while (!TryConsume(close))
                {
                    items.Add(Value());
                    if (!TryConsume(','))
                    {
                        Expect(close);
                        break;
                    }
                }

                return items;
            }

            if (c == '{')
            {
                return Dict();
            }

            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '-' or '+'))
            {
                _position++;
            }

            var word = text[start.._position];
            return word switch
            {
                "True" => true,
                "False" => false,
                _ when long.TryParse(word.EndsWith('L') ? word[..^1] : word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
                _ => throw Fail(word.Length == 0 ? $"unexpected '{c}'" : $"unexpected value '{word}'"),
            };
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Fail(_position < text.Length ? $"expected '{c}', found '{text[_position]}'" : $"expected '{c}', found the end");
            }
        }

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private InvalidDataException Fail(string problem) =>
            NpyReader.Error(path, string.Create(CultureInfo.InvariantCulture, $"malformed header at character {_position} ({problem}): {text.TrimEnd()}"));
    }
}
