namespace SimLap.Tracking.Rest;

/// <summary>The run inputs of a <see cref="RestRun"/>: delivered like a batch, spooled when the server is unreachable or refuses them.</summary>
internal sealed partial class RestRunSink
{
    private async Task DeliverInputsAsync(InputsOperation operation)
    {
        var datasets = operation.Inputs.Select(MlflowDatasetInput.From).ToList();
        TryReconnect();
        if (!this.offline)
        {
            try
            {
                await this.client.LogInputsAsync(RunId, datasets).ConfigureAwait(false);
                return;
            }
            catch (MlflowApiException e) when (e.IsTransient)
            {
                // Idempotent on the server (a name and digest the run has are ignored), so the replay may send it again.
                GoOffline(e);
            }
            catch (MlflowApiException e)
            {
                GoOffline(e, $"the server rejected {datasets.Count} data set inputs");
            }
        }

        Spool(new SpoolRecord { Kind = SpoolRecord.InputsKind, Datasets = datasets }, datasets.Count);
    }
}
