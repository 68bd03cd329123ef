namespace SimLap.Plugins.Core.Data.Download;

/// <summary>The digest a downloaded file is verified with.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>MD5, as the classic data sets publish it (an integrity check against corruption, not an authenticity proof).</summary>
    Md5,

    /// <summary>SHA-256.</summary>
    Sha256,
}
