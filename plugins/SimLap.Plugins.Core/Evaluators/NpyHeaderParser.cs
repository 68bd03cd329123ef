using System.Globalization;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>A recursive-descent reader of the Python literals a header holds: dicts, strings, True/False, integers, tuples and lists.</summary>
internal sealed class NpyHeaderParser(string text, string path)
{
    // Named so that the braces of the grammar are not mistaken for the braces of the code by text-level tools.
    private const char DictOpen = '{';
    private const char DictClose = '}';

    private int position;

    /// <summary>A dict: <c>{</c>, string keys with values separated by commas (a trailing one allowed), <c>}</c>.</summary>
    public Dictionary<string, object> Dict()
    {
        Expect(DictOpen);
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        while (!TryConsume(DictClose))
        {
            var key = Value() as string ?? throw Fail("dict keys must be strings");
            Expect(':');
            if (!result.TryAdd(key, Value()))
            {
                throw Fail($"duplicate key '{key}'");
            }

            if (!TryConsume(','))
            {
                Expect(DictClose);
                break;
            }
        }

        return result;
    }

    /// <summary>Fails unless only white space follows.</summary>
    public void End()
    {
        SkipSpace();
        if (position != text.Length)
        {
            throw Fail("unexpected text after the header dict");
        }
    }

    private object Value()
    {
        SkipSpace();
        if (position >= text.Length)
        {
            throw Fail("the header ends early");
        }

        var c = text[position];
        if (c is '\'' or '"')
        {
            return Quoted(c);
        }

        if (c is '(' or '[')
        {
            position++;
            return Items(c == '(' ? ')' : ']');
        }

        if (c == DictOpen)
        {
            return Dict();
        }

        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '-' or '+'))
        {
            position++;
        }

        var word = text[start..position];
        return word switch
        {
            "True" => true,
            "False" => false,
            _ when long.TryParse(word.EndsWith('L') ? word[..^1] : word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw Fail(word.Length == 0 ? $"unexpected '{c}'" : $"unexpected value '{word}'"),
        };
    }

    /// <summary>The items of a tuple or list up to <paramref name="close"/> (its opening bracket consumed), a trailing comma allowed.</summary>
    private List<object> Items(char close)
    {
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

    /// <summary>A string between two <paramref name="quote"/> characters (no escapes: a header has none).</summary>
    private string Quoted(char quote)
    {
        var end = text.IndexOf(quote, position + 1);
        if (end < 0)
        {
            throw Fail("unterminated string");
        }

        var value = text[(position + 1)..end];
        position = end + 1;
        return value;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Fail(position < text.Length ? $"expected '{c}', found '{text[position]}'" : $"expected '{c}', found the end");
        }
    }

    private bool TryConsume(char c)
    {
        SkipSpace();
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    private void SkipSpace()
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r')
        {
            position++;
        }
    }

    private InvalidDataException Fail(string problem) =>
        NpyReader.Error(path, string.Create(CultureInfo.InvariantCulture, $"malformed header at character {position} ({problem}): {text.TrimEnd()}"));
}
