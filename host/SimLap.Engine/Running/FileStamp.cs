namespace SimLap.Engine.Running;

/// <summary>A file as <see cref="DatasetDigestCache"/> compares it: its full path, size in bytes and last-write time (UTC ticks).</summary>
internal sealed record FileStamp(string Path, long Size, long WriteTicks);
