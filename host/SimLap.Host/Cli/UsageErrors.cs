using System.Reflection;
using System.Text.RegularExpressions;
using SimLap.Engine.Configuration;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// Rewrites Spectre.Console.Cli's parse errors into the host's style: an unknown verb or option gets a did-you-mean
/// and the list of what the verb takes, a value that does not convert names the option and the kind of value it takes
/// (never a .NET type name).
/// </summary>
public static partial class UsageErrors
{
    /// <summary>The message for <paramref name="error"/>, given the arguments the CLI was called with.</summary>
    public static string Explain(CommandAppException error, IReadOnlyList<string> args)
    {
        var message = error.Message.Trim();
        var verb = Verb(args);
        if (UnknownOption().Match(message) is { Success: true } option && verb?.Settings is { } settings)
        {
            var names = OptionNames(settings).ToList();
            var hint = Suggest.DidYouMean("--" + option.Groups[1].Value, names);
            return $"unknown option '--{option.Groups[1].Value}' for 'simlap {verb.Name}'.{hint} Its options: {string.Join(", ", names)} (simlap {verb.Name} --help).";
        }

        if (UnexpectedOption().Match(message) is { Success: true } unexpected)
        {
            var dash = unexpected.Groups[1].Value.Length == 1 ? "-" : "--";
            return $"unknown option '{dash}{unexpected.Groups[1].Value}'; simlap takes a command first: {string.Join(", ", TopLevelVerbs())} (simlap --help).";
        }

        if (UnmatchedArgument().Match(message) is { Success: true } extra && verb is not null)
        {
            return $"unexpected argument '{extra.Groups[1].Value}' for 'simlap {verb.Name}' (simlap {verb.Name} --help shows what it takes; quote a value that has spaces).";
        }

        if (UnknownCommand().Match(message) is { Success: true } command)
        {
            var parent = verb is null ? "" : verb.Name.Split(' ')[0];
            var candidates = Verbs().Where(v => parent.Length == 0 || v.Name.StartsWith(parent + " ", StringComparison.Ordinal))
                .Select(v => parent.Length == 0 ? v.Name.Split(' ')[0] : v.Name[(parent.Length + 1)..]).Distinct().Order().ToList();
            return $"unknown command '{command.Groups[1].Value}'.{Suggest.DidYouMean(command.Groups[1].Value, candidates)} Commands: {string.Join(", ", candidates)} (simlap --help).";
        }

        if (FailedConversion().Match(message) is { Success: true } conversion && verb?.Settings is { } typed)
        {
            var value = conversion.Groups[1].Value;
            var at = args.ToList().IndexOf(value);
            var name = at > 0 && args[at - 1].StartsWith('-') ? args[at - 1] : "an option";
            var property = typed.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames.Any(n => "--" + n == name) == true);
            var kind = property is null ? "" : $"; it takes {Describe(property.PropertyType)}";
            return $"{name} '{value}' is not a valid value{kind}.";
        }

        return message;
    }

    /// <summary>
    /// The problem when an option that takes a value is given none (the last argument, or followed by another option):
    /// Spectre would otherwise hand it an internal placeholder as its value.
    /// </summary>
    public static string? MissingValue(IReadOnlyList<string> args)
    {
        if (Verb(args)?.Settings is not { } settings)
        {
            return null;
        }

        var valued = settings.GetProperties().Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .Where(a => a is { ValueName: not null, ValueIsOptional: false }).SelectMany(a => a!.LongNames.Select(n => "--" + n)).ToHashSet();
        for (var i = 0; i < args.Count; i++)
        {
            if (valued.Contains(args[i]) && (i == args.Count - 1 || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                return $"{args[i]} needs a value, e.g. {args[i]} {(args[i] == "--set" ? "train.epochs=5" : "VALUE")} (simlap {Verb(args)!.Name} --help).";
            }
        }

        return null;
    }

    private static IEnumerable<string> TopLevelVerbs() => Verbs().Select(v => v.Name.Split(' ')[0]).Distinct().Order();

    /// <summary>Every verb of the CLI with its settings type, from the command classes (RunCommand: run; NewPluginCommand: new plugin).</summary>
    private static IEnumerable<VerbInfo> Verbs() =>
        typeof(UsageErrors).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, Name: var n } && n.EndsWith("Command", StringComparison.Ordinal) && typeof(ICommand).IsAssignableFrom(t))
            .Select(t => new VerbInfo(Words().Replace(t.Name[..^"Command".Length], " $1").Trim().ToLowerInvariant(), SettingsOf(t)));

    private static VerbInfo? Verb(IReadOnlyList<string> args)
    {
        var words = args.Where(a => !a.StartsWith('-')).Take(2).ToList();
        var verbs = Verbs().ToList();
        foreach (var name in new[] { string.Join(' ', words), words.FirstOrDefault() ?? "" })
        {
            if (verbs.FirstOrDefault(v => v.Name == name) is { } found)
            {
                return found;
            }
        }

        return words.Count > 0 && verbs.Any(v => v.Name.StartsWith(words[0] + " ", StringComparison.Ordinal)) ? new VerbInfo(words[0], null) : null;
    }

    private static Type? SettingsOf(Type command)
    {
        for (var type = command; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        return null;
    }

    private static IEnumerable<string> OptionNames(Type settings) =>
        settings.GetProperties().Select(p => p.GetCustomAttribute<CommandOptionAttribute>()).OfType<CommandOptionAttribute>()
            .SelectMany(a => a.LongNames.Select(n => "--" + n)).Append("--verbose").Order();

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(float) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))
            : "a text";
    }

    private sealed record VerbInfo(string Name, Type? Settings);

    [GeneratedRegex("^Unknown option '([^']*)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("^Unexpected option '([^']*)'")]
    private static partial Regex UnexpectedOption();

    [GeneratedRegex("^Could not match '([^']*)' with an argument")]
    private static partial Regex UnmatchedArgument();

    [GeneratedRegex("^Unknown command '([^']*)'")]
    private static partial Regex UnknownCommand();

    [GeneratedRegex("^Failed to convert '(.*)' to ")]
    private static partial Regex FailedConversion();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
