using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Data;

/// <summary>Options of a data set that can be fetched from its official address.</summary>
public abstract class DownloadableDatasetOptions : ImageDatasetOptions
{
    /// <summary>Fetches missing files from the official address (verified, then extracted into <c>root</c>).</summary>
    [Description("Fetch missing files from the official address into root (verified against the known checksum).")]
    public bool Download { get; set; }

    /// <summary>
    /// A base address to fetch the data set's files from instead of the official one (files by their official names);
    /// empty: <c>$SIMLAP_DATA_MIRROR/&lt;name&gt;/</c> when that variable is set, else the official address.
    /// </summary>
    [Description("Base address to download the official file names from; empty: $SIMLAP_DATA_MIRROR/<name>/ if set, else the official address.")]
    public string Mirror { get; set; } = "";

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Mirror.Length > 0 && !(Uri.TryCreate(Mirror, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"mirror must be an http:// or https:// address; found '{Mirror}'.", [nameof(Mirror)]);
        }
    }
}
