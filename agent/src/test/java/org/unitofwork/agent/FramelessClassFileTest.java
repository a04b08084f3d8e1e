package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.agent.choose.ClassModel;
import org.unitofwork.agent.choose.StackLeftovers;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * S23 for class files without stack map frames (older than Java 6, or a Java 6 file whose frames a
 * tool left out, which the JVM verifies by inference): a return with a value left below the result,
 * reached only by a backward jump, is found by following the code again with what the first pass
 * learned, and the method is left unwoven instead of woven into a class the JVM refuses.
 */
class FramelessClassFileTest {

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_4, Opcodes.V1_5, Opcodes.V1_6})
    void aReturnWithLeftoversReachedOnlyByABackwardJumpIsNotWovenIntoAVerifyError(int version) throws Exception {
        InProcessAgent.install();
        String name = "com.example.generated.OldLeftovers" + (version & 0xFFFF);
        Class<?> type = StackLeftovers.define(name, StackLeftovers.loopShaped(name.replace('.', '/'), version, true),
                getClass().getClassLoader());
        Object target = type.getConstructor().newInstance(); // a VerifyError here when woven
        assertEquals(7, type.getMethod("answer", boolean.class).invoke(target, true), "runs as written");
        assertEquals(0, type.getMethod("answer", boolean.class).invoke(target, false));
        String warnings = InProcessAgent.warnings();
        assertTrue(warnings.contains("class " + name + " (" + ClassLoaderNames.describe(type.getClassLoader())
                + ") is left unchanged: " + name + ".answer(boolean) returns with"
                + " values left on its operand stack below the result"), warnings);
    }

    /** In the class model: the return reached only by the backward jump is judged on a second pass. */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_4, Opcodes.V1_5, Opcodes.V1_6})
    void theClassModelSeesTheLeftoverValue(int version) {
        ClassModel model = ClassModel.read(new ClassReader(StackLeftovers.loopShaped("example/OldLeftovers", version, true)));
        assertEquals("answer", model.methods().get(1).name());
        assertTrue(model.methods().get(1).extraValuesAtReturn(), "a long is left below the result of one return");
    }

    /**
     * Control: the same layout without the leftover value, as javac 1.x wrote it, is woven and verified
     * (its boundary runs, and says the test JVM has no database 'default').
     */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_5, Opcodes.V1_6})
    void theSameLayoutWithoutLeftoversIsWovenAndVerified(int version) throws Exception {
        InProcessAgent.install();
        String name = "com.example.generated.OldClean" + (version & 0xFFFF);
        Class<?> type = StackLeftovers.define(name, StackLeftovers.loopShaped(name.replace('.', '/'), version, false),
                getClass().getClassLoader());
        Object target = type.getConstructor().newInstance();
        InvocationTargetException woven = assertThrows(InvocationTargetException.class,
                () -> type.getMethod("answer", boolean.class).invoke(target, true));
        assertTrue(woven.getCause() instanceof DatabaseConfigurationException, woven.getCause().toString());
    }
}
