package org.unitofwork.agent.choose;

import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import org.unitofwork.Boundary;
import org.unitofwork.agent.config.DataSourceRule;

/**
 * What the {@link MethodChooser} chose to weave in one class.
 *
 * @param reader the class file's reader, to weave from
 * @param type the class as its class file describes it
 * @param methods the methods to weave boundaries into
 * @param adoptedDataSource the datasource line whose class this is, when its {@code getConnection()}
 *     and constructors are to be woven; else null
 * @param callsDriverManager whether its {@code DriverManager.getConnection} calls are to be redirected
 */
public record Plan(ClassReader reader, ClassModel type, List<Method> methods, DataSourceRule adoptedDataSource,
        boolean callsDriverManager) {

    /**
     * A method to weave a boundary into.
     *
     * @param method the method
     * @param described how the report names it: the class's name, the method's, its parameters' types
     * @param key the class name, method name and descriptor, by which the registry knows it
     * @param boundary its boundary: the one registered when the class was woven before, else a new one
     * @param injected the index of the argument the unit supplies, or -1
     * @param origin what chose it, for the report: its annotation, its class's, or a configuration line
     * @param line the configuration line that chose it, or null for an annotated method
     */
    public record Method(ClassModel.Method method, String described, String key, Boundary boundary, int injected,
            String origin, String line) {
    }
}
