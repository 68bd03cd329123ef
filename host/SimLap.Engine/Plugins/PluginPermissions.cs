using System.Globalization;
using System.Runtime.InteropServices;

namespace SimLap.Engine.Plugins;

/// <summary>
/// Whether other users could change a plugin's code: a folder or file writable by everyone, or by a group other than
/// your own private group (the group named after you, with no other members, as umask 002 systems create), or owned
/// by a user who is neither the one running simlap nor root. Checked on Linux and macOS (owners and groups on Linux
/// only, where a group-writable path is refused unless it is your private group); on Windows nothing is checked.
/// </summary>
public static class PluginPermissions
{
    private const UnixFileMode OthersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Why <paramref name="walk"/>'s folder, its parent, a folder or file inside it (or the folder of a file a link
    /// leads to) could be changed by another user; empty when none could.
    /// </summary>
    public static IReadOnlyList<string> Problems(PluginFolderWalk walk)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var paths = new List<string>();
        if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(walk.Directories[0])) is { } parent)
        {
            paths.Add(parent);
        }

        paths.AddRange(walk.Directories);
        paths.AddRange(walk.Files.Select(f => Path.GetDirectoryName(f.FullPath)!).Where(d => !walk.Directories.Contains(d)));
        paths.AddRange(walk.Files.Select(f => f.FullPath));
        return [.. paths.Distinct(StringComparer.Ordinal).Select(Problem).OfType<string>()];
    }

    /// <summary>Why another user could change <paramref name="path"/>, or null.</summary>
    public static string? Problem(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var (mode, owner, group) = Status(path);
        var self = CurrentUser();
        return Judge(path, mode, owner, self, group is { } gid && PrivateGroups.Value.Contains(gid));
    }

    /// <summary>
    /// The verdict for a path of <paramref name="mode"/> owned by <paramref name="owner"/>, for user <paramref name="self"/>
    /// (null: unknown); <paramref name="privateGroup"/>: the path's group is the user's own private group, which may write.
    /// </summary>
    public static string? Judge(string path, UnixFileMode mode, uint? owner, uint? self, bool privateGroup = false)
    {
        var others = privateGroup ? UnixFileMode.OtherWrite : OthersMayWrite;
        if ((mode & others) != 0)
        {
            var who = (mode & UnixFileMode.OtherWrite) != 0 ? "every user" : "its group";
            return $"'{path}' is writable by {who} (mode {Convert.ToString((int)mode & 0xfff, 8).PadLeft(4, '0')})";
        }

        if (owner is { } uid && self is { } me && uid != 0 && uid != me)
        {
            return $"'{path}' is owned by user {uid.ToString(CultureInfo.InvariantCulture)}, who is neither you (user {me.ToString(CultureInfo.InvariantCulture)}) nor root";
        }

        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static (UnixFileMode Mode, uint? Owner, uint? Group) Status(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (Statx(AtCurrentDirectory, path, 0, StatxBasicStats, buffer) == 0)
                {
                    return ((UnixFileMode)(BitConverter.ToUInt16(buffer, 28) & 0xfff), BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24));
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No statx (an old C library): the mode alone is checked.
            }
        }

        return (File.GetUnixFileMode(path), null, null);
    }

    private static readonly Lazy<HashSet<uint>> PrivateGroups = new(ReadPrivateGroups);

    /// <summary>The user's private group: the one named after the user in /etc/group, with no members but the user, and no other account's primary group.</summary>
    private static HashSet<uint> ReadPrivateGroups()
    {
        var groups = new HashSet<uint>();
        try
        {
            var user = Environment.UserName;
            foreach (var fields in File.ReadLines("/etc/group").Select(line => line.Split(':')).Where(f => f.Length >= 4 && f[0] == user))
            {
                if (uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) &&
                    fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries).All(member => member == user))
                {
                    groups.Add(gid);
                }
            }

            // Another account whose primary group it is could write too.
            foreach (var fields in File.ReadLines("/etc/passwd").Select(line => line.Split(':')).Where(f => f.Length >= 4 && f[0] != user))
            {
                if (uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                {
                    groups.Remove(gid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not readable: every group-writable path is refused.
        }

        return groups;
    }

    private static uint? CurrentUser()
    {
        try
        {
            return OperatingSystem.IsLinux() ? GetEffectiveUserId() : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private const int AtCurrentDirectory = -100;
    private const uint StatxBasicStats = 0x7ff;

    // struct statx has one layout on every Linux architecture: stx_uid at byte 20, stx_mode (u16) at 28, 256 bytes in all.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
