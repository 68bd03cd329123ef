using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimLap.Tracking;

/// <summary>
/// The Model Registry in MLflow's file-store layout, beside the runs (what <c>MlflowClient</c> reads from a local
/// store): <c>&lt;root&gt;/models/&lt;name&gt;/meta.yaml</c>, <c>version-&lt;n&gt;/meta.yaml</c> (the fields of MLflow's
/// <c>ModelVersion</c>, with <c>storage_location</c> the logged model's artifacts), and <c>aliases/&lt;alias&gt;</c>
/// holding the version. The logged model gets the tag <c>mlflow.modelVersions</c>, as a server adds it.
/// </summary>
/// <param name="rootDirectory">The store's root.</param>
public sealed class LocalModelRegistry(string rootDirectory) : IModelRegistry
{
    /// <inheritdoc />
    public string Register(string name, StoredLoggedModel model, string? alias)
    {
        var folder = Path.Combine(rootDirectory, "models", name);
        var now = LocalFileStore.NowMillis();
        var meta = Path.Combine(folder, LocalFileStore.MetaFileName);
        var created = File.Exists(meta) && MlflowYaml.ReadMapping(meta).GetValueOrDefault("creation_timestamp") is { } c ? c : now.ToString(CultureInfo.InvariantCulture);
        var versions = Directory.Exists(folder)
            ? Directory.GetDirectories(folder, "version-*").Select(d => int.TryParse(Path.GetFileName(d)["version-".Length..], CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max()
            : 0;
        var version = (versions + 1).ToString(CultureInfo.InvariantCulture);
        var versionFolder = Directory.CreateDirectory(Path.Combine(folder, "version-" + version)).FullName;
        LocalFileStore.WriteFileAtomic(Path.Combine(versionFolder, LocalFileStore.MetaFileName), VersionMeta(name, version, model, now));
        LocalFileStore.WriteFileAtomic(meta, $"creation_timestamp: {created}\ndescription: null\nlast_updated_timestamp: {now}\nname: {MlflowYaml.Scalar(name)}\n");
        if (alias is not null)
        {
            LocalFileStore.WriteFileAtomic(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "aliases")).FullName, alias), version);
        }

        TagModelVersions(name, version, model);
        return version;
    }

    private static string VersionMeta(string name, string version, StoredLoggedModel model, long now) =>
        new StringBuilder()
            .Append("aliases: []\n")
            .Append(CultureInfo.InvariantCulture, $"creation_timestamp: {now}\n")
            .Append("current_stage: None\ndescription: null\n")
            .Append(CultureInfo.InvariantCulture, $"last_updated_timestamp: {now}\n")
            .Append("model_id: ").Append(MlflowYaml.Scalar(model.ModelId)).Append('\n')
            .Append("name: ").Append(MlflowYaml.Scalar(name)).Append('\n')
            .Append("run_id: ").Append(MlflowYaml.Scalar(model.SourceRunId)).Append('\n')
            .Append("run_link: null\n")
            .Append("source: ").Append(MlflowYaml.Scalar("models:/" + model.ModelId)).Append('\n')
            .Append("status: READY\nstatus_message: null\n")
            .Append("storage_location: ").Append(MlflowYaml.Scalar(model.ArtifactUri)).Append('\n')
            .Append("user_id: null\n")
            .Append("version: ").Append(version).Append('\n')
            .ToString();

    /// <summary>Adds this version to the logged model's <c>mlflow.modelVersions</c> tag (a JSON list of name and version).</summary>
    private void TagModelVersions(string name, string version, StoredLoggedModel model)
    {
        var tags = Directory.CreateDirectory(Path.Combine(rootDirectory, model.ExperimentId, LocalLoggedModelStore.ModelsFolder, model.ModelId, "tags")).FullName;
        var path = Path.Combine(tags, "mlflow.modelVersions");
        var list = File.Exists(path) ? JsonSerializer.Deserialize<List<Dictionary<string, object>>>(File.ReadAllText(path)) ?? [] : [];
        list.Add(new Dictionary<string, object> { ["name"] = name, ["version"] = int.Parse(version, CultureInfo.InvariantCulture) });
        LocalFileStore.WriteFileAtomic(path, JsonSerializer.Serialize(list));
    }
}
