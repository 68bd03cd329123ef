using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SimLap.Tracking;

namespace SimLap.Host.Output;

/// <summary>Wraps a logger provider so that every message it writes has its credentials masked (<see cref="SecretRedaction"/>).</summary>
public sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, (s, e) => SecretRedaction.Redact(formatter(s, e)));
    }
}

/// <summary>Registers <see cref="RedactingLoggerProvider"/> around the logger providers added so far.</summary>
public static class SecretRedactionLogging
{
    /// <summary>Wraps every logger provider registered so far (call it after adding them) in a <see cref="RedactingLoggerProvider"/>.</summary>
    public static ILoggingBuilder AddSecretRedaction(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var descriptor in builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList())
        {
            builder.Services.Remove(descriptor);
            builder.Services.AddSingleton<ILoggerProvider>(services => new RedactingLoggerProvider(
                (ILoggerProvider)(descriptor.ImplementationInstance
                    ?? descriptor.ImplementationFactory?.Invoke(services)
                    ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!))));
        }

        return builder;
    }
}
