using Envoy.Service.Discovery.V3;

namespace Proxy.Xds.Client;

/// <summary>
/// File-based xDS (path_config_source): the file holds a DiscoveryResponse; it is read at start and again when
/// it is replaced (writers move a new file in, which is what Envoy watches for) or rewritten, and handed to the
/// watcher as a state-of-the-world update. A file that cannot be read or parsed, or that the watcher rejects,
/// changes nothing: the last good configuration keeps serving.
/// </summary>
public sealed class XdsFileSubscription : IDisposable
{
    private readonly string _path;
    private readonly XdsResourceType _type;
    private readonly IXdsWatcher _watcher;
    private readonly Func<string, DiscoveryResponse> _read;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _files;
    private ITimer? _debounce;
    private string? _lastText;

    public XdsFileSubscription(string path, XdsResourceType type, IXdsWatcher watcher, Func<string, DiscoveryResponse> read, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _type = type;
        _watcher = watcher;
        _read = read;
        _time = time;
    }

    /// <summary>Told the message of each file that could not be applied.</summary>
    public Action<string>? Failed { get; init; }

    /// <summary>Told the version of each file applied.</summary>
    public Action<string>? Applied { get; init; }

    /// <summary>Reads the file now and watches it from now on.</summary>
    public void Start()
    {
        var directory = Path.GetDirectoryName(_path)!;
        _files = new FileSystemWatcher(directory, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _files.Changed += OnChange;
        _files.Created += OnChange;
        _files.Renamed += OnChange;
        _files.EnableRaisingEvents = true;
        Load();
    }

    /// <summary>Reads and applies the file if its content changed; true when applied.</summary>
    public bool Load()
    {
        lock (_gate)
        {
            string text;
            DiscoveryResponse response;
            try
            {
                text = File.ReadAllText(_path);
                if (text == _lastText)
                {
                    return false;
                }

                response = _read(_path);
            }
            catch (Exception e)
            {
                // Whatever the reader throws (I/O, YAML, JSON, proto JSON): the file is not applied.
                Failed?.Invoke($"{_path}: {e.Message}");
                return false;
            }

            try
            {
                var resources = new List<XdsResource>(response.Resources.Count);
                foreach (var any in response.Resources)
                {
                    if (AnyTypes.NameOf(any.TypeUrl) != _type.TypeName)
                    {
                        throw new XdsRejectedException($"{_path}: a resource of type '{any.TypeUrl}' in a file for {_type.TypeUrl}");
                    }

                    var message = _type.Parse(any.Value);
                    resources.Add(new XdsResource(_type.NameOf(message), response.VersionInfo, message));
                }

                _watcher.OnUpdate(new XdsUpdate { Type = _type, Version = response.VersionInfo, Resources = resources, Removed = [], IsStateOfTheWorld = true });
            }
            catch (XdsRejectedException e)
            {
                Failed?.Invoke(e.Message);
                return false;
            }

            _lastText = text;
            Applied?.Invoke(response.VersionInfo);
            return true;
        }
    }

    public void Dispose()
    {
        _files?.Dispose();
        _debounce?.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        // Editors and `mv` raise several events; read once they settle.
        lock (_gate)
        {
            _debounce?.Dispose();
            _debounce = _time.CreateTimer(static s => ((XdsFileSubscription)s!).Load(), this, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        }
    }
}
