using System.Text.RegularExpressions;
using SimLap.Engine.Configuration;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Models;

/// <summary>
/// <c>simlap export --register NAME [--alias A]</c>: a new Model Registry version of NAME from the logged model of a
/// run (the one its tag <see cref="EncoderModelLogger.ModelIdTag"/> names), on a server or in a local store's
/// file-store layout.
/// </summary>
public static partial class ModelRegistration
{
    /// <summary>Registers the logged model of <paramref name="runId"/>; returns it with the new version number.</summary>
    /// <exception cref="ConfigurationException">An invalid name or alias, an unknown run, or a run without a logged model.</exception>
    public static (StoredLoggedModel Model, string Version) Register(ITrackingBackend backend, string runId, string name, string? alias)
    {
        Check(name, alias);
        var run = (backend as IResumableBackend)?.ReadRun(runId)
            ?? throw new ConfigurationException($"export {runId} --register: there is no run '{runId}' in the tracking store {backend.Description}; give the run id and its store (--tracking-uri).");
        var modelId = run.Tags.GetValueOrDefault(EncoderModelLogger.ModelIdTag)
            ?? throw new ConfigurationException(
                $"export {runId} --register: run '{runId}' has no logged model (no tag {EncoderModelLogger.ModelIdTag}): it was trained by a simlap that did not log models, "
                + "or did not finish. Only a run that finished training has a model to register.");
        var (registry, artifacts) = backend is IServerBackend server
            ? ((IModelRegistry)new RestModelRegistry(server.Client), string.Empty)
            : (new LocalModelRegistry(backend.LocalRoot!), FileUris.FromPath(Path.Combine(backend.LocalRoot!, run.ExperimentId, LocalLoggedModelStore.ModelsFolder, modelId, "artifacts")));
        var model = new StoredLoggedModel(modelId, run.ExperimentId, run.RunId, artifacts);
        return (model, registry.Register(name, model, alias));
    }

    /// <summary>MLflow's rules for registered-model names and aliases, checked before anything is written.</summary>
    private static void Check(string name, string? alias)
    {
        if (name.Trim().Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            throw new ConfigurationException($"--register '{name}': a registered model's name must be non-empty, without '/', ':' or '%' (MLflow refuses them).");
        }

        if (alias is not null && (ReservedAlias().IsMatch(alias) || alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || !AliasChars().IsMatch(alias)))
        {
            throw new ConfigurationException($"--alias '{alias}': an alias is letters, digits, '_' and '-', and not 'latest' or v<number> (MLflow reserves those for versions).");
        }
    }

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex ReservedAlias();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,255}$")]
    private static partial Regex AliasChars();
}
