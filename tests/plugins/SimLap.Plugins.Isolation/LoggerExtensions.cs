using Microsoft.Extensions.Logging;

namespace SimLap.Plugins.Isolation;

/// <summary>Log messages of the plugin.</summary>
internal static partial class LoggerExtensions
{
    [LoggerMessage(Level = LogLevel.Information, Message = "alignment loss: YamlDotNet {Major}, weight {Weight}")]
    public static partial void LogYamlVersion(this ILogger logger, double major, double weight);
}
