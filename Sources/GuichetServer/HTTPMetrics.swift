import GuichetApp
import Hummingbird
import Prometheus

/// Request counts and durations per route, written to the application's own Prometheus
/// registry (no process-wide metrics bootstrap, so tests can build many applications).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    static var requests: MetricNameDescriptor {
        .init(namespace: "guichet", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered")
    }
    static var duration: MetricNameDescriptor {
        .init(namespace: "guichet", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            // The matched route, not the raw path, keeps label cardinality bounded.
            let route = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
            registry.makeDurationHistogram(
                descriptor: Self.duration, labels: [("method", request.method.rawValue), ("route", route)],
                buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]
            ).record(ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
