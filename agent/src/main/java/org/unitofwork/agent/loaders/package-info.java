/**
 * Class loaders of their own (a servlet container's webapp loaders, an executable jar's launcher):
 * the agent weaves their {@code loadClass} so that every loader of the JVM finds one runtime, the
 * one of the system class loader, and so that the libraries the agent supplies for that runtime
 * never replace a loader's own copy of them.
 */
package org.unitofwork.agent.loaders;
