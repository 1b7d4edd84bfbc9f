// Public imports: `withLock` is inlinable, so the mutex's C type is part of this module's interface.
#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
#endif

/// A value that only one thread at a time may touch: `Synchronization.Mutex`'s interface over a `pthread_mutex_t`.
///
/// Switchboard uses this instead of `Mutex` because on Linux `Mutex` waits with raw futex system calls that
/// ThreadSanitizer cannot see, so every access it protects is reported as a race; `pthread_mutex_lock` and
/// `pthread_mutex_unlock` are intercepted by the sanitizers, which keeps `swift test --sanitize=thread` meaningful.
/// Uncontended, a lock and unlock cost about as much as `Mutex`'s.
package final class Locked<Value: ~Copyable> {
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    /// Creates a lock around `initialValue`.
    package init(_ initialValue: consuming sending Value) {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed with \(status)")
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    /// - Parameter body: reads or changes the value; it must not call `withLock` on the same lock.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    @inlinable
    package func withLock<Result: ~Copyable, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

// Safe because `value` is only reached through `withLock`, under the mutex, and crosses threads only as `sending`.
extension Locked: @unchecked Sendable where Value: ~Copyable {}
