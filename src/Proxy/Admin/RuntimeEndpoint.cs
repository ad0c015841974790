using System.Text;
using System.Text.Json;
using Proxy.Bootstrap;

namespace Proxy.Admin;

/// <summary>
/// Envoy's /runtime: {"entries": {key: {"final_value": v, "layer_values": [one per layer, "" where unset]}},
/// "layers": [names]}, from the bootstrap's layered_runtime (istioctl bug-report saves it).
/// </summary>
internal static class RuntimeEndpoint
{
    public static AdminResponse Handle(RuntimeLayers runtime)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("entries");
            foreach (var (key, layerValues, finalValue) in runtime.Entries())
            {
                json.WriteStartObject(key);
                json.WriteString("final_value", finalValue);
                json.WriteStartArray("layer_values");
                foreach (var value in layerValues)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("layers");
            foreach (var name in runtime.LayerNames)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return AdminResponse.Json(Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }
}
